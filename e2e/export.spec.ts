import { expect, test } from './fixtures';
import {
  DEMO,
  exportCsv,
  grid,
  money,
  openHoldings,
  filterAsset,
  readGridRows,
  type GridRow,
} from './helpers';

const HEADER = [
  'Asset',
  'Name',
  'Quantity',
  'Price',
  'Value (USD)',
  'Weight',
  'Cost basis (USD)',
  'P&L (USD)',
  'Asset class',
  'Venue',
  'Venue type',
  'Entry',
];

type CsvRecord = Record<string, string>;
const records = (rows: string[][]): CsvRecord[] =>
  rows.slice(1).map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i] ?? ''])));

/** Each exported row against the grid row at the same position: same position, same numbers. */
function expectSameRows(csv: CsvRecord[], shown: GridRow[]): void {
  expect(csv.map((r) => `${r.Asset}|${r.Venue}`)).toEqual(
    shown.map((r) => `${r.symbol}|${r.account}`),
  );
  csv.forEach((r, i) => {
    const g = shown[i]!;
    const where = `${r.Asset} at ${r.Venue}`;
    expect(r.Name, where).toBe(g.name);
    expect(r['Asset class'], where).toBe(g.assetClass);
    expect(r['Venue type'], where).toBe(g.venueKind);
    // The file holds the exact decimal string; the grid the same with thousands separators,
    // rounded half up to 8 places when it has more (a staked token's 18).
    expect(r.Quantity, where).toMatch(/^-?\d+(\.\d+)?$/);
    const exact = r.Quantity ?? '';
    const onScreen = g.quantity!.replace(/,/g, '').replace('−', '-');
    if ((exact.split('.')[1] ?? '').length <= 8) expect(exact, where).toBe(onScreen);
    else {
      expect(onScreen, where).toMatch(/^-?\d+(\.\d{1,8})?$/);
      expect(Math.abs(Number(exact) - Number(onScreen)), where).toBeLessThanOrEqual(5e-9);
    }
    const value = Number(r['Value (USD)']);
    expect(Number.isFinite(value), where).toBe(true);
    expect(money(value), where).toBe(g.value);
    const weight = Number(r.Weight);
    expect(`${money(weight * 100)} %`, where).toBe(g.weight);
    expect(Number.isFinite(Number(r.Price)), where).toBe(true);
    // cost basis and P&L as exported: P&L = value − cost basis (margined rows: their value)
    const basis = Number(r['Cost basis (USD)']);
    if (r['P&L (USD)'] !== '')
      expect(Math.abs(Number(r['P&L (USD)']) - (value - basis)), where).toBeLessThan(1e-6);
  });
}

test.describe('CSV export', () => {
  test('exports exactly the rows the grid shows, then only the filtered ones', async ({
    appPage: page,
  }) => {
    await openHoldings(page);

    const all = await exportCsv(page);
    expect(all.fileName).toBe(`keel-holdings-${DEMO.asOf}.csv`);
    expect(all.rows[0]).toEqual(HEADER);
    expect(all.rows).toHaveLength(1 + DEMO.positions);
    const shown = await readGridRows(page);
    const csv = records(all.rows);
    expectSameRows(csv, shown);
    // No totals row in the file, and the rows add up to the portfolio total.
    expect(csv.some((r) => r.Asset === 'Total')).toBe(false);
    expect(money(csv.reduce((s, r) => s + Number(r['Value (USD)']), 0))).toBe(DEMO.total);

    // Filter the Asset column to SOL (two venues, no SOL derivatives) through its header filter.
    await filterAsset(page, 'SOL');
    await expect(grid(page).locator('.ag-row:not(.ag-row-pinned)')).toHaveCount(2);
    const filteredShown = await readGridRows(page);
    expect(filteredShown.map((r) => r.symbol)).toEqual(['SOL', 'SOL']);
    const sol = csv.filter((r) => r.Asset === 'SOL');

    const filtered = await exportCsv(page);
    expect(filtered.rows[0]).toEqual(HEADER);
    expect(filtered.rows).toHaveLength(1 + 2);
    const filteredCsv = records(filtered.rows);
    expect(filteredCsv.every((r) => r.Asset === 'SOL')).toBe(true);
    expectSameRows(filteredCsv, filteredShown);
    expect(new Set(filteredCsv.map((r) => r.Venue))).toEqual(new Set(sol.map((r) => r.Venue)));
  });
});

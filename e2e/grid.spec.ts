import { expect, test } from './fixtures';
import {
  DEMO,
  filterAsset,
  grid,
  money,
  openHoldings,
  readGridRows,
  readTotalRow,
} from './helpers';

const num = (s: string | undefined) => Number((s ?? '').replace(/[,%\s]/g, '').replace('−', '-'));

test.describe('holdings grid', () => {
  test('shows every demo position with no broken cell', async ({ appPage: page }) => {
    await openHoldings(page);
    // aria-rowcount counts the header row and the pinned totals row too.
    await expect(grid(page).locator('[role="grid"], [role="treegrid"]').first()).toHaveAttribute(
      'aria-rowcount',
      String(DEMO.positions + 2),
    );
    const rows = await readGridRows(page);
    expect(rows).toHaveLength(DEMO.positions);
    const columns = [
      'symbol',
      'name',
      'quantity',
      'price',
      'value',
      'weight',
      'assetClass',
      'account',
      'venueKind',
    ];
    for (const row of rows) {
      for (const col of columns) {
        expect(row[col], `row ${row.__index} column ${col}`).toBeDefined();
        expect(row[col], `row ${row.__index} column ${col}`).not.toMatch(
          /NaN|undefined|Infinity|null/,
        );
      }
      expect(row.symbol, `row ${row.__index} has an asset`).not.toBe('');
      expect(row.account, `row ${row.__index} has a venue`).not.toBe('');
    }
    // One row per (venue, asset).
    expect(new Set(rows.map((r) => `${r.account}|${r.symbol}|${r.name}`)).size).toBe(
      DEMO.positions,
    );

    // The totals row is the sum of the rows and 100 %.
    const total = await readTotalRow(page);
    expect(total.symbol).toBe('Total');
    expect(total.name).toBe(`${DEMO.positions} positions`);
    expect(total.value).toBe(DEMO.total);
    expect(total.weight).toBe('100.00 %');
    const sumShown = rows.reduce((s, r) => s + num(r.value), 0);
    expect(Math.abs(sumShown - num(DEMO.total))).toBeLessThan(0.01 * DEMO.positions);
    const weights = rows.reduce((s, r) => s + num(r.weight), 0);
    expect(Math.abs(weights - 100)).toBeLessThan(0.01 * DEMO.positions);
  });

  test('is sorted by value, descending, by default', async ({ appPage: page }) => {
    await openHoldings(page);
    await expect(grid(page).locator('.ag-header-cell[col-id="value"]')).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    const values = (await readGridRows(page)).map((r) => num(r.value));
    expect(values).toHaveLength(DEMO.positions);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // The "Largest position" card agrees with the first row.
    const rows = await readGridRows(page);
    await expect(
      page.locator('.card', { hasText: 'Largest position' }).locator('.figure'),
    ).toHaveText(rows[0]!.symbol!);
    expect(money(values[0]!)).toBe(rows[0]!.value);
  });

  test('clicking the Asset header sorts ascending, then descending', async ({ appPage: page }) => {
    await openHoldings(page);
    const header = grid(page).locator('.ag-header-cell[col-id="symbol"]');
    const symbols = async () => (await readGridRows(page)).map((r) => r.symbol!);
    const before = await symbols();
    expect(before).not.toEqual([...before].sort()); // the default order is by value, not by name

    await header.locator('.ag-header-cell-label').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(grid(page).locator('.ag-header-cell[col-id="value"]')).toHaveAttribute(
      'aria-sort',
      'none',
    );
    const asc = await symbols();
    expect(asc).toHaveLength(DEMO.positions);
    expect(asc).toEqual([...before].sort());

    await header.locator('.ag-header-cell-label').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    const desc = await symbols();
    expect(desc).toEqual([...before].sort().reverse());

    // The totals row stays at the bottom, whatever the sort.
    expect((await readTotalRow(page)).symbol).toBe('Total');
  });

  test('clicking a row picks that asset for the price chart', async ({ appPage: page }) => {
    await openHoldings(page);
    const select = page.getByTestId('price-symbol');
    await expect(select).toHaveValue('BTC');
    await grid(page)
      .locator('.ag-row:not(.ag-row-pinned) .ag-cell[col-id="symbol"]', { hasText: /^SOL$/ })
      .first()
      .click();
    await expect(select).toHaveValue('SOL');
  });

  test('cost basis and unrealised P&L per position, their totals, and perpetuals’ entry', async ({
    appPage: page,
  }) => {
    await openHoldings(page);
    const rows = await readGridRows(page);
    for (const r of rows) {
      for (const col of ['costBasis', 'unrealisedPnl'])
        expect(r[col], `${r.symbol} ${col}`).toMatch(/^([+−-]?[\d,]+\.\d{2}|—)$/);
      // a position bought outright: P&L = value − cost basis (to the cent, from rounded cells)
      if (!r.entryPrice && !r.name?.endsWith('(borrowed)') && r.unrealisedPnl !== '—')
        expect(Math.abs(num(r.value) - num(r.costBasis) - num(r.unrealisedPnl))).toBeLessThan(
          0.011,
        );
    }
    // perpetuals carry their entry price and no cost basis; their P&L is their value
    const perps = rows.filter((r) => r.symbol?.endsWith('-PERP'));
    expect(perps.length).toBeGreaterThan(0);
    for (const p of perps) {
      expect(num(p.entryPrice)).toBeGreaterThan(0);
      expect(num(p.costBasis)).toBe(0);
      expect(num(p.unrealisedPnl)).toBe(num(p.value));
    }
    // the totals row sums the column, and the card shows the same figure
    const total = await readTotalRow(page);
    const sum = rows.reduce((s, r) => s + (r.unrealisedPnl === '—' ? 0 : num(r.unrealisedPnl)), 0);
    expect(Math.abs(num(total.unrealisedPnl) - sum)).toBeLessThan(0.01 * rows.length);
    await expect(page.getByTestId('unrealised-pnl')).toHaveText(`${total.unrealisedPnl} USD`);
    await expect(page.getByTestId('realised-pnl')).toHaveText(
      /^realised [+−]?[\d,]+\.\d{2}, income [+−]?[\d,]+\.\d{2} \(FIFO\)$/,
    );
  });

  test('the totals row follows the filter', async ({ appPage: page }) => {
    await openHoldings(page);
    const all = await readGridRows(page);
    // SOL: two venues and no SOL derivatives (a "contains" filter on BTC would catch BTC options)
    const solValue = all.filter((r) => r.symbol === 'SOL').reduce((s, r) => s + num(r.value), 0);

    await filterAsset(page, 'SOL');
    await expect(grid(page).locator('.ag-row:not(.ag-row-pinned)')).toHaveCount(2);
    await expect
      .poll(async () => (await readTotalRow(page)).name, { timeout: 3_000 })
      .toBe(`2 of ${DEMO.positions} positions`);
    const total = await readTotalRow(page);
    expect(num(total.value)).toBeCloseTo(solValue, 1);
    expect(num(total.weight)).toBeCloseTo((solValue / num(DEMO.total)) * 100, 1);

    // Clearing the filter brings the full total back.
    await filterAsset(page, '');
    expect(await readGridRows(page)).toHaveLength(DEMO.positions);
    await expect
      .poll(async () => (await readTotalRow(page)).name)
      .toBe(`${DEMO.positions} positions`);
    expect((await readTotalRow(page)).value).toBe(DEMO.total);
  });
});

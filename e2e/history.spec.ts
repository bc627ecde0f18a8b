import { expect, test } from './fixtures';
import {
  DEMO,
  canvasColourCounts,
  dominantCanvasColour,
  expectChartDrawn,
  grid,
  openHoldings,
  readGridRows,
  readTotalRow,
  rpc,
} from './helpers';

// The stored history in the Holdings view: the weights-through-time chart, and the base
// currency select (values in BTC = USD values / BTC's close, read from the USD view first).

const num = (s: string | null | undefined) =>
  Number((s ?? '').replace('−', '-').replace(/[^\d.-]/g, ''));

test.describe('history and base currency', () => {
  // The browser target shares one server (and database) across specs: put USD back whatever happened.
  test.afterEach(async ({ target, startKeelServer }) => {
    if (target !== 'browser') return;
    const server = await startKeelServer();
    const list = (await rpc(server, 'portfolios.list', {})).json as {
      value: { id: number; name: string; baseCurrency: string }[];
    };
    for (const p of list.value.filter((x) => x.baseCurrency !== 'USD'))
      await rpc(server, 'portfolios.save', { id: p.id, name: p.name, baseCurrency: 'USD' });
  });

  test('the weights chart draws the demo: top holdings and Other, each day summing to 100 %', async ({
    appPage: page,
  }, testInfo) => {
    await openHoldings(page);
    // below the fold, the panel fetches and draws once scrolled to
    await page.locator('.panel.hist-weights').scrollIntoViewIfNeeded();
    const chart = page.getByTestId('weights-chart');
    await expectChartDrawn(chart, 8);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(200);
    // several bands: many colours on the canvas
    expect(Math.max(...(await canvasColourCounts(chart)))).toBeGreaterThan(10);
    const legend = page.getByTestId('weights-chart-legend');
    await expect(legend.locator('li')).toHaveCount(10); // the date, 8 instruments, Other
    await expect(legend.locator('li').first()).toHaveText(DEMO.asOf);
    const items = (await legend.locator('li').allTextContents()).slice(1);
    expect(items[items.length - 1]).toMatch(/^Other [−-]?\d+\.\d %$/);
    const shares = items.map(num);
    expect(Math.abs(shares.reduce((s, x) => s + x, 0) - 100)).toBeLessThan(0.1 * items.length);
    // the largest weight on the last day is the largest holding by instrument (BTC in the demo)
    expect(items[0]).toMatch(/^BTC /);
    await expect(page.locator('.view.holdings')).not.toContainText(/NaN|Infinity|undefined/);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('history-weights.png') });
    // re-themed with the app (the bands cover the background: the colours change), still drawn
    const before = await dominantCanvasColour(chart);
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => dominantCanvasColour(chart)).not.toBe(before);
    await expectChartDrawn(chart, 8);
    await page.screenshot({ path: testInfo.outputPath('history-weights-other-theme.png') });
  });

  test('switching the base currency to BTC divides every figure by BTC’s close, and back', async ({
    appPage: page,
  }, testInfo) => {
    await openHoldings(page);
    // USD figures first: the total, the BTC close (the price of a BTC row) and one row's value
    const usdTotal = num(await page.getByTestId('total-value').textContent());
    const usdRows = await readGridRows(page);
    const btcClose = num(usdRows.find((r) => r.symbol === 'BTC')!.price);
    const eth = usdRows.find((r) => r.symbol === 'ETH')!;
    expect(btcClose).toBeGreaterThan(10_000);

    await page.getByTestId('base-currency').selectOption('BTC');
    const total = page.getByTestId('total-value');
    await expect(total).toHaveText(/^[\d,]+\.\d{6} BTC$/);
    const btcTotal = num(await total.textContent());
    // the BTC close shown in the grid has 2 decimals: about 1e-7 relative, plus the 6 decimals shown
    expect(Math.abs(btcTotal - usdTotal / btcClose)).toBeLessThan(2e-7 * btcTotal + 1e-6);
    await expect(page.getByTestId('base-close')).toContainText(
      `1 BTC = ${usdRows.find((r) => r.symbol === 'BTC')!.price} USD`,
    );
    await expect(grid(page).locator('.ag-header-cell[col-id="value"]')).toContainText(
      'Value (BTC)',
    );
    const btcRows = await readGridRows(page);
    expect(btcRows).toHaveLength(usdRows.length);
    const ethBtc = btcRows.find((r) => r.symbol === 'ETH' && r.account === eth.account)!;
    expect(Math.abs(num(ethBtc.value) - num(eth.value) / btcClose)).toBeLessThan(1e-5);
    expect(btcRows.find((r) => r.symbol === 'BTC')!.price).toBe('1.0000');
    expect(ethBtc.weight).toBe(eth.weight);
    expect((await readTotalRow(page)).weight).toBe('100.00 %');
    // the value history follows: its last point in BTC
    const valueHint = page
      .locator('.panel', { hasText: 'Portfolio value' })
      .locator('header .hint');
    await expect(valueHint).toContainText(`BTC on ${DEMO.asOf}`);
    await expectChartDrawn(page.getByTestId('value-chart'));
    await page.locator('.panel.hist-weights').scrollIntoViewIfNeeded();
    await expectChartDrawn(page.getByTestId('weights-chart'), 8);
    await expect(page.locator('.panel.hist-weights .hint')).toContainText('in BTC');
    await expect(page.locator('.view.holdings')).not.toContainText(/NaN|Infinity|undefined/);
    await page.screenshot({ path: testInfo.outputPath('history-btc.png') });

    await page.getByTestId('base-currency').selectOption('USD');
    await expect(total).toHaveText(`${DEMO.total} USD`);
    await expect(page.getByTestId('base-close')).toHaveCount(0);
    await expect(grid(page).locator('.ag-header-cell[col-id="value"]')).toContainText(
      'Value (USD)',
    );
    await expect(valueHint).toContainText(`USD on ${DEMO.asOf}`);
  });
});

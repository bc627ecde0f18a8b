import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, ROOT } from './fixtures';
import { DEMO, expectChartDrawn, openHoldings, parseCsv } from './helpers';

// The Hedge view on the demo portfolio: one hedge.report with the defaults on open (payoff and
// tail hedge on the underlying with the largest dollar delta, 30 % downside, 10 % loss cap, 2 %
// budget, 7-day grid), then what-ifs built from its proposals.

/** A figure as the view prints it: separators, a typographic minus or a plus, decimals. */
const NUMBER = /^[−+]?\d{1,3}(,\d{3})*(\.\d+)?$/;
const BROKEN = /NaN|undefined|Infinity|null/;
const SPOT_MOVES = ['−16 %', '−12 %', '−8 %', '−4 %', '0 %', '+4 %', '+8 %', '+12 %', '+16 %'];

type Row = Record<string, string> & { __index: string };

/** A number from a cell as printed. */
const num = (s: string | undefined) => Number((s ?? '').replace(/[,\s%]/g, '').replace('−', '-'));

async function openHedge(page: Page): Promise<void> {
  await openHoldings(page);
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Hedge' })
    .click();
  await expect(page.getByTestId('hedge-view')).toBeVisible();
  await waitForResult(page);
}

/** Waits until no run is in flight and a result is shown. */
async function waitForResult(page: Page): Promise<void> {
  await expect(page.getByTestId('hedge-run-id')).toHaveText(/^#\d+$/, { timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('hedge-results')).not.toHaveClass(/stale/);
}

/** Every row of an AG Grid inside `container` as {colId: text}, pinned rows left out. */
async function readRows(container: Locator): Promise<Row[]> {
  const rows = await container.evaluate((root) => {
    const seen = new Map<string, Record<string, string>>();
    for (const row of Array.from(root.querySelectorAll('.ag-row'))) {
      const idx = row.getAttribute('row-index');
      if (idx === null || !/^\d+$/.test(idx) || row.classList.contains('ag-row-pinned')) continue;
      const rec = seen.get(idx) ?? {};
      for (const cell of Array.from(row.querySelectorAll('.ag-cell'))) {
        const col = cell.getAttribute('col-id');
        if (col) rec[col] = (cell.textContent ?? '').trim();
      }
      seen.set(idx, rec);
    }
    return [...seen.entries()].map(([k, v]) => ({ ...v, __index: k }));
  });
  return (rows as Row[]).sort((a, b) => Number(a.__index) - Number(b.__index));
}

/** The pinned totals row of a grid, by column id. */
async function readTotal(container: Locator): Promise<Record<string, string>> {
  return container.evaluate((root) => {
    const rec: Record<string, string> = {};
    for (const cell of Array.from(root.querySelectorAll('.ag-row-pinned .ag-cell'))) {
      const col = cell.getAttribute('col-id');
      if (col) rec[col] = (cell.textContent ?? '').trim();
    }
    return rec;
  });
}

/** Leaf column headers in visual order. */
async function readHeaders(container: Locator): Promise<{ colId: string; text: string }[]> {
  return container.evaluate((root) =>
    Array.from(root.querySelectorAll('.ag-header-cell[col-id]'))
      .map((h) => ({
        colId: h.getAttribute('col-id')!,
        text: (h.textContent ?? '').trim(),
        at: Number(h.getAttribute('aria-colindex')),
      }))
      .sort((a, b) => a.at - b.at)
      .map(({ colId, text }) => ({ colId, text })),
  );
}

/** The view's text outside the engine's warnings (prose that may use any word). */
async function figuresText(page: Page): Promise<string> {
  return page.getByTestId('hedge-view').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="hedge-warnings"]')?.remove();
    return copy.textContent ?? '';
  });
}

/** Background of a heatmap cell as [r, g, b]. */
async function cellRgb(heatmap: Locator, row: number, colId: string): Promise<number[]> {
  const css = await heatmap
    .locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="${colId}"]`)
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  return (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
}

const GREEK_COLS = ['value', 'dollarDelta', 'dollarGamma1pct', 'vegaPerPoint', 'thetaPerDay'];

test.describe('hedge view', () => {
  test('Greeks by underlying, expiry and position, with totals and CSV', async ({
    appPage: page,
  }) => {
    await openHedge(page);
    const grid = page.getByTestId('hedge-greeks-grid');
    await expect(grid).toHaveAttribute('data-mode', 'underlying');
    const rows = await readRows(grid);
    const byU = new Map(rows.map((r) => [r.underlying, r]));
    for (const u of ['BTC', 'ETH']) {
      const r = byU.get(u);
      expect(r, `${u} row`).toBeDefined();
      for (const col of ['spot', 'delta', ...GREEK_COLS])
        expect(r![col], `${u} ${col}`).toMatch(NUMBER);
      // Long books: both carry a positive dollar delta.
      expect(num(r!.dollarDelta), `${u} dollar delta`).toBeGreaterThan(0);
    }
    // The demo's options sit on BTC and ETH: they carry vega, the spot-only coins none.
    expect(num(byU.get('BTC')!.vegaPerPoint)).not.toBe(0);
    expect(num(byU.get('SOL')?.vegaPerPoint)).toBe(0);
    // The totals row adds the rows up (to the printed rounding).
    const total = await readTotal(grid);
    expect(total.underlying).toBe('Total');
    const sum = rows.reduce((s, r) => s + num(r.dollarDelta), 0);
    expect(Math.abs(num(total.dollarDelta) - sum)).toBeLessThanOrEqual(rows.length);
    await expect(page.getByTestId('hedge-total-dollarDelta-book')).toHaveText(total.dollarDelta!);

    // Per expiry bucket: the undated lines and the option buckets.
    await page.getByTestId('hedge-greeks-expiry').click();
    await expect(grid).toHaveAttribute('data-mode', 'expiry');
    const buckets = await readRows(grid);
    expect(buckets.length).toBeGreaterThan(rows.length);
    expect(buckets.map((b) => b.bucket)).toContain('No expiry');
    expect(buckets.some((b) => b.bucket?.startsWith('≤'))).toBe(true);

    // Per position: the demo's options are there with their strike and vol.
    await page.getByTestId('hedge-greeks-position').click();
    await expect(grid).toHaveAttribute('data-mode', 'position');
    const positions = await readRows(grid);
    const put = positions.find((p) => p.symbol === 'BTC-28MAR25-90000-P');
    expect(put, 'the demo’s BTC put').toBeDefined();
    expect(put!.strike).toBe('90,000');
    expect(put!.vol).toMatch(/^\d+\.\d %$/);
    expect(num(put!.delta)).toBeLessThan(0);
    for (const p of positions)
      for (const [col, text] of Object.entries(p))
        expect(text, `position ${p.symbol} ${col}`).not.toMatch(BROKEN);

    // CSV of the rows on screen, with the totals row last.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('hedge-greeks-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Demo-2025-02-11-greeks-position.csv');
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const csv = parseCsv(Buffer.concat(chunks).toString('utf8')).filter((r) => r.length > 1);
    expect(csv[0]).toContain('Dollar delta (USD)');
    expect(csv).toHaveLength(positions.length + 2);
    expect(csv.at(-1)![0]).toBe('Total');
    const col = csv[0]!.indexOf('Dollar delta (USD)');
    const csvSum = csv.slice(1, -1).reduce((s, r) => s + Number(r[col]), 0);
    expect(Math.abs(csvSum - Number(csv.at(-1)![col]))).toBeLessThan(0.05 * positions.length);
  });

  test('payoff chart and scenario heatmap', async ({ appPage: page }) => {
    await openHedge(page);
    await expectChartDrawn(page.getByTestId('hedge-payoff-chart'));
    const legend = page.getByTestId('hedge-payoff-legend').locator('li[data-key]');
    // The demo's ETH book holds options: a line now and one at the first expiry.
    await expect(legend).toHaveCount(2);
    await expect(legend.nth(1)).toContainText(/at expiry \d{4}-\d{2}-\d{2}/);
    await expect(page.getByTestId('hedge-payoff')).toContainText(/spot [\d,]+\.\d{2}/);

    const heatmap = page.getByTestId('hedge-heatmap');
    const spot = (await readHeaders(heatmap)).filter((h) => /^s\d+$/.test(h.colId));
    expect(spot).toHaveLength(9);
    expect(spot.map((h) => h.text)).toEqual(SPOT_MOVES);
    const rows = await readRows(heatmap);
    // Three vol shifts, now and at the 7-day horizon.
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.when)).toEqual(['Now', 'Now', 'Now', 'In 7 d', 'In 7 d', 'In 7 d']);
    for (const r of rows)
      for (const h of spot)
        expect(r[h.colId], `${r.when} ${r.vol} ${h.text}`).toMatch(/^[−+]?[\d,.]+[kM]?$|^0$/);
    // Now, vol unchanged, spot unchanged: no P&L.
    expect(rows[1]!.s4).toBe('0');
    // A long book loses when everything falls and gains when it rises; red and green cells.
    expect(rows[1]!.s0!.startsWith('−')).toBe(true);
    expect(rows[1]!.s8!.startsWith('+')).toBe(true);
    const [lr, lg] = await cellRgb(heatmap, 1, 's0');
    const [gr, gg] = await cellRgb(heatmap, 1, 's8');
    expect(lr!).toBeGreaterThan(lg!);
    expect(gg!).toBeGreaterThan(gr!);
    expect(await figuresText(page)).not.toMatch(/NaN|undefined|Infinity/);
  });

  test('a tail hedge applied as a what-if shows the after figures and leaves the ledger alone', async ({
    appPage: page,
  }) => {
    await openHedge(page);
    const runId = await page.getByTestId('hedge-run-id').textContent();
    await expect(page.getByTestId('hedge-heatmap-after')).toHaveCount(0);
    const first = page.getByTestId('hedge-tail').locator('tbody tr').first();
    const legs = await first.locator('.hedge-leg').count();
    expect(legs).toBeGreaterThan(0);
    const bookDelta = await page.getByTestId('hedge-total-dollarDelta-book').textContent();

    await first.getByTestId('hedge-apply-tail').click();
    await expect(page.getByTestId('hedge-whatif-chips').locator('.hedge-chip')).toHaveCount(legs);
    await expect(page.getByTestId('hedge-run-id')).not.toHaveText(runId!, { timeout: 30_000 });
    await waitForResult(page);
    await expect(page.getByTestId('hedge-runline')).toContainText(`with ${legs} what-if legs`);
    await expect(first.getByTestId('hedge-apply-tail')).toHaveText('Applied ✓');
    await expect(first.getByTestId('hedge-apply-tail')).toBeDisabled();

    // Greek totals before and after, side by side; the book's own figures unchanged.
    await expect(page.getByTestId('hedge-total-dollarDelta-book')).toHaveText(bookDelta!);
    const after = page.getByTestId('hedge-total-dollarDelta-after');
    await expect(after).toContainText('with what-if');
    const afterDelta = await after.locator('.hedge-after-figure').textContent();
    expect(afterDelta).toMatch(NUMBER);
    // A tail hedge of a long exposure takes dollar delta off.
    expect(num(afterDelta!)).toBeLessThan(num(bookDelta!));

    // The payoff gains the two what-if lines; the scenario grid has its what-if twin.
    await expect(page.getByTestId('hedge-payoff-legend').locator('li[data-key]')).toHaveCount(4);
    await expectChartDrawn(page.getByTestId('hedge-payoff-chart'));
    const twin = page.getByTestId('hedge-heatmap-after');
    await expect(twin).toBeVisible();
    expect((await readHeaders(twin)).filter((h) => /^s\d+$/.test(h.colId))).toHaveLength(9);
    expect(await readRows(twin)).toHaveLength(6);

    // The Greeks grid shows the what-if legs among the positions.
    await page.getByTestId('hedge-greeks-position').click();
    await page.getByTestId('hedge-greeks-after').click();
    await expect(page.getByTestId('hedge-greeks-grid')).toHaveAttribute('data-book', 'after');
    const positions = await readRows(page.getByTestId('hedge-greeks-grid'));
    expect(positions.filter((p) => p.account === 'what-if')).toHaveLength(legs);
    expect(await figuresText(page)).not.toMatch(/NaN|undefined|Infinity/);

    // A delta hedge adds to the same what-if.
    await page.getByTestId('hedge-apply-delta-BTC').click();
    await expect(page.getByTestId('hedge-whatif-chips').locator('.hedge-chip')).toHaveCount(
      legs + 1,
    );
    await waitForResult(page);
    await expect(page.getByTestId('hedge-runline')).toContainText(`with ${legs + 1} what-if legs`);

    // Removing a leg, then clearing, brings the book back alone.
    await page
      .getByTestId('hedge-whatif-chips')
      .getByRole('button', { name: /^Remove / })
      .first()
      .click();
    await expect(page.getByTestId('hedge-whatif-chips').locator('.hedge-chip')).toHaveCount(legs);
    await waitForResult(page);
    await page.getByTestId('hedge-whatif-clear').click();
    await expect(page.getByTestId('hedge-whatif-chips')).toHaveCount(0);
    await waitForResult(page);
    await expect(page.getByTestId('hedge-heatmap-after')).toHaveCount(0);
    await expect(page.getByTestId('hedge-total-dollarDelta-after')).toHaveCount(0);
    await expect(page.getByTestId('hedge-payoff-legend').locator('li[data-key]')).toHaveCount(2);

    // What-ifs never reach the ledger: the holdings are as the demo shipped them.
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Holdings' })
      .click();
    await expect(page.getByTestId('total-value')).toContainText(DEMO.total);
  });

  test('settings: field errors stop a run; another underlying moves the payoff and the tail hedge', async ({
    appPage: page,
  }) => {
    await openHedge(page);
    const runId = await page.getByTestId('hedge-run-id').textContent();
    await page.getByTestId('hedge-downsidePct').fill('150');
    await page.getByTestId('hedge-horizonDays').fill('2.5');
    await page.getByTestId('hedge-run').click();
    const controls = page.getByTestId('hedge-controls');
    await expect(controls.getByRole('alert')).toHaveCount(2);
    await expect(controls).toContainText('Enter a fall above 0 % and below 100 %.');
    await expect(controls).toContainText('Enter whole days from 1 to 365.');
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByTestId('hedge-run-id')).toHaveText(runId!);

    await page.getByTestId('hedge-downsidePct').fill('20');
    await page.getByTestId('hedge-horizonDays').fill('30');
    await page.getByTestId('hedge-underlying').selectOption('BTC');
    await expect(controls).toContainText('Settings changed');
    await page.getByTestId('hedge-run').click();
    await expect(page.getByTestId('hedge-run-id')).not.toHaveText(runId!, { timeout: 30_000 });
    await waitForResult(page);
    await expect(controls.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('hedge-payoff')).toContainText('Payoff: BTC');
    await expect(page.getByTestId('hedge-proposals')).toContainText('Tail hedge on BTC');
    const rows = await readRows(page.getByTestId('hedge-heatmap'));
    expect(rows.map((r) => r.when)).toContain('In 30 d');
    await expectChartDrawn(page.getByTestId('hedge-payoff-chart'));
    expect(await figuresText(page)).not.toMatch(/NaN|undefined|Infinity/);
  });

  test('a run can be cancelled, and a failed run says why and can be retried', async ({
    appPage: page,
    target,
  }) => {
    test.skip(target !== 'browser', 'the delay and the failure are injected at the HTTP layer');
    await openHedge(page);
    const runId = await page.getByTestId('hedge-run-id').textContent();

    // A slow answer: cancel while it is on its way; the previous result stays.
    await page.route('**/rpc/hedge.report', async (route) => {
      await new Promise((r) => setTimeout(r, 3_000));
      await route.continue().catch(() => undefined);
    });
    await page.getByTestId('hedge-horizonDays').fill('14');
    await page.getByTestId('hedge-run').click();
    const progress = page.getByRole('progressbar', { name: 'Hedge run' });
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('hedge-results')).toHaveClass(/stale/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('hedge-cancelled')).toContainText('cancelled');
    await expect(page.getByTestId('hedge-results')).not.toHaveClass(/stale/);
    await expect(page.getByTestId('hedge-run-id')).toHaveText(runId!);
    await page.unroute('**/rpc/hedge.report');

    // A failure once, then the retry goes through.
    let failures = 0;
    await page.route('**/rpc/hedge.report', async (route) => {
      if (failures++ > 0) return route.continue();
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'STORE', message: 'The price store is busy; try again.' },
        }),
      });
    });
    await page.getByTestId('hedge-run').click();
    const error = page.getByTestId('hedge-error');
    await expect(error).toContainText('The hedge run failed: The price store is busy; try again.');
    await error.getByRole('button', { name: 'Retry' }).click();
    await waitForResult(page);
    await expect(error).toHaveCount(0);
    await expect(page.getByTestId('hedge-run-id')).not.toHaveText(runId!);
    const rows = await readRows(page.getByTestId('hedge-heatmap'));
    expect(rows.map((r) => r.when)).toContain('In 14 d');
  });

  test('screenshots of the Hedge view in dark and light, with a what-if', async ({
    appPage: page,
    target,
  }) => {
    const dir = join(ROOT, 'test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await openHedge(page);
    await page.getByTestId('hedge-tail').getByTestId('hedge-apply-tail').first().click();
    await expect(page.getByTestId('hedge-heatmap-after')).toBeVisible({ timeout: 30_000 });
    await waitForResult(page);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    // The app scrolls inside <main>: grow the viewport to the whole view for a full-page shot.
    const height = await page.locator('main').evaluate((m) => m.scrollHeight);
    await page.setViewportSize({ width: 1680, height: height + 20 });
    for (const want of ['dark', 'light'] as const) {
      if ((await theme()) !== want) await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe(want);
      await expectChartDrawn(page.getByTestId('hedge-payoff-chart'));
      await page.waitForTimeout(300); // let the chart repaint in the new palette
      await page.screenshot({ path: join(dir, `${target}-hedge-${want}.png`), fullPage: true });
    }
  });
});

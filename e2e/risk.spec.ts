import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, ROOT } from './fixtures';
import { expectChartDrawn, openHoldings } from './helpers';

// The Risk view on the demo portfolio: one run of risk.portfolio with the defaults on open
// (99 %, 1 day, historical headline, Ledoit-Wolf, 730 days), then the user's runs.

const METHODS = [
  'Historical',
  'Normal',
  'Student t',
  'Cornish-Fisher',
  'Filtered historical (FHS)',
  'Monte Carlo (t copula)',
];
const CHARTS = ['rolling-vol-chart', 'avg-corr-chart', 'benchmark-corr-chart', 'drawdown-chart'];
const PERCENT = /^−?-?\d{1,3}(,\d{3})*\.\d{2} %$/;
const BROKEN = /NaN|undefined|Infinity|null/;

type Row = Record<string, string> & { __index: string };

/** A number from a cell as printed (thousands separators, %, bp, a typographic minus). */
const num = (s: string | undefined) =>
  Number((s ?? '').replace(/[,%\s]|bp/g, '').replace('−', '-'));

/** Opens the Risk view from Holdings and waits for the first result to be on screen. */
async function openRisk(page: Page): Promise<void> {
  await openHoldings(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Risk' }).click();
  await expect(page.getByTestId('risk-view')).toBeVisible();
  await waitForResult(page);
}

/** Waits until no run is in flight and a result is shown. */
async function waitForResult(page: Page): Promise<void> {
  await expect(page.getByTestId('run-id')).toHaveText(/^#\d+$/, { timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('risk-results')).not.toHaveClass(/stale/);
  await expect(page.getByTestId('methods-table').locator('tbody tr')).toHaveCount(6);
}

/** Every body row of a plain table inside `container`, as {data-col: text}, in order. */
async function readTableRows(container: Locator): Promise<Row[]> {
  return container.evaluate((root) =>
    Array.from(root.querySelectorAll('tbody tr')).map((tr, i) => {
      const rec: Record<string, string> = { __index: String(i) };
      for (const cell of Array.from(tr.querySelectorAll('[data-col]')))
        rec[cell.getAttribute('data-col')!] = (cell.textContent ?? '').trim();
      return rec as Row;
    }),
  );
}

/**
 * The view's text outside the engine's warnings, whose prose may use words such as
 * "undefined" (a variance that does not exist); everywhere else they would be a broken value.
 */
async function figuresText(page: Page): Promise<string> {
  return page.getByTestId('risk-view').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="risk-warnings"]')?.remove();
    return copy.textContent ?? '';
  });
}

interface HeatmapRow {
  symbol: string;
  /** Cell texts, in column order. */
  cells: string[];
  /** Cell tooltips (title attributes), in column order. */
  titles: string[];
}

/**
 * The correlation heatmap as shown: its asset columns (the row-label column left out) and its
 * rows, each with its row header and cells in column order. It is a plain <table>: column
 * headers are <th scope=col> in the head, row labels <th scope=row> in the body.
 */
async function readHeatmap(page: Page): Promise<{ columns: string[]; rows: HeatmapRow[] }> {
  return page.getByTestId('correlation-heatmap').evaluate((root) => {
    const text = (el: Element) => (el.textContent ?? '').trim();
    const heads = Array.from(root.querySelectorAll('table thead th[scope="col"]'));
    return {
      columns: heads.slice(1).map(text),
      rows: Array.from(root.querySelectorAll('table tbody tr')).map((tr) => ({
        symbol: text(tr.querySelector('th[scope="row"]')!),
        cells: Array.from(tr.querySelectorAll('td')).map(text),
        titles: Array.from(tr.querySelectorAll('td')).map((td) => td.getAttribute('title') ?? ''),
      })),
    };
  });
}

/** The heatmap's asset columns, in order. */
async function heatmapColumns(page: Page): Promise<string[]> {
  return (await readHeatmap(page)).columns;
}

test.describe('risk view', () => {
  test('runs on open and compares VaR and ES across the six methods', async ({ appPage: page }) => {
    await openRisk(page);
    const rows = await readTableRows(page.getByTestId('methods-table'));
    expect(rows.map((r) => r.label!.replace(/headline$/i, '').trim())).toEqual(METHODS);
    for (const r of rows) {
      expect(r.var, `${r.label} VaR`).toMatch(PERCENT);
      expect(r.es, `${r.label} ES`).toMatch(PERCENT);
      expect(num(r.var), `${r.label}: VaR > 0`).toBeGreaterThan(0);
      expect(num(r.es), `${r.label}: VaR ≤ ES`).toBeGreaterThanOrEqual(num(r.var));
      expect(r.note, `${r.label} has a note`).not.toBe('');
    }
    // The headline (historical by default) is highlighted and matches the summary cards.
    const headline = page.getByTestId('methods-table').locator('tr.headline-row');
    await expect(headline.first()).toContainText('Historical');
    const historical = rows.find((r) => r.label!.startsWith('Historical'))!;
    await expect(page.getByTestId('card-var').locator('.figure')).toHaveText(historical.var!);
    await expect(page.getByTestId('card-es').locator('.figure')).toHaveText(historical.es!);
    await expect(page.getByTestId('card-var').locator('.money')).toHaveText(/^[\d,]+\.\d{2} USD$/);
    await expect(page.getByTestId('card-window').locator('.figure')).toHaveText(
      /^\d{4}-\d{2}-\d{2} → 2025-02-11$/,
    );
    await expect(page.getByTestId('card-window')).toContainText('730 daily returns');

    // No broken number anywhere: not in the cards, not in any grid cell.
    expect(await figuresText(page)).not.toMatch(/NaN|undefined|Infinity/);
    for (const id of ['methods-table', 'asset-risk-table']) {
      for (const r of await readTableRows(page.getByTestId(id))) {
        for (const [col, text] of Object.entries(r)) {
          expect(text, `${id} row ${r.__index} column ${col}`).not.toMatch(BROKEN);
        }
      }
    }
    const heat = await readHeatmap(page);
    for (const [i, r] of heat.rows.entries()) {
      for (const [j, text] of [r.symbol, ...r.cells].entries()) {
        expect(text, `correlation-heatmap row ${i} column ${j}`).not.toMatch(BROKEN);
      }
    }
  });

  test('the correlation heatmap: one row per asset, 1.00 on the diagonal, clustered order', async ({
    appPage: page,
  }) => {
    await openRisk(page);
    const heatmap = page.getByTestId('correlation-heatmap');
    // A real table: a row header per asset and a column header per asset plus the label column.
    const table = heatmap.getByRole('table');
    const assets = await readTableRows(page.getByTestId('asset-risk-table'));
    const { columns, rows } = await readHeatmap(page);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows).toHaveLength(assets.length);
    expect(columns).toHaveLength(assets.length);
    await expect(table.getByRole('rowheader')).toHaveCount(assets.length);
    await expect(table.getByRole('columnheader')).toHaveCount(assets.length + 1);
    // Rows and columns name the same assets in the same order, as data-order says.
    expect(rows.map((r) => r.symbol)).toEqual(columns);
    await expect(heatmap).toHaveAttribute('data-order', columns.join(','));
    expect(new Set(rows.map((r) => r.symbol))).toEqual(new Set(assets.map((a) => a.symbol)));
    for (const r of rows) {
      expect(r.cells, `${r.symbol}: one cell per column`).toHaveLength(columns.length);
      expect(r.cells[columns.indexOf(r.symbol)], `diagonal of ${r.symbol}`).toBe('1.00');
      for (const [j, c] of columns.entries()) {
        const cell = r.cells[j]!;
        expect(cell, `${r.symbol}/${c}`).toMatch(/^−?\d\.\d{2}$/);
        expect(Math.abs(num(cell))).toBeLessThanOrEqual(1);
        // The tooltip names the pair and gives the value to three places, which rounds to the cell.
        const m = /^(\S+) \/ (\S+): (−?\d\.\d{3})$/.exec(r.titles[j]!);
        expect(m, `${r.symbol}/${c} tooltip "${r.titles[j]}"`).not.toBeNull();
        expect([m![1], m![2]]).toEqual([r.symbol, c]);
        expect(Math.abs(num(m![3]) - num(cell))).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    }
    // Cells are coloured by value: the diagonal (+1) and the row's weakest correlation differ.
    const colour = (i: number, j: number) =>
      heatmap
        .locator('tbody tr')
        .nth(i)
        .locator('td')
        .nth(j)
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const first = rows[0]!;
    const weakest = first.cells.reduce(
      (a, cell, j) => (Math.abs(num(cell)) < Math.abs(num(first.cells[a])) ? j : a),
      0,
    );
    const diagonal = columns.indexOf(first.symbol);
    expect(weakest).not.toBe(diagonal);
    expect(await colour(0, diagonal)).not.toBe(await colour(0, weakest));

    // Clustered order reorders the columns (and the rows with them).
    const before = columns;
    await page.getByTestId('clustered-toggle').check();
    await expect.poll(() => heatmapColumns(page)).not.toEqual(before);
    const after = await readHeatmap(page);
    expect([...after.columns].sort()).toEqual([...before].sort());
    expect(after.rows.map((r) => r.symbol)).toEqual(after.columns);
    await expect(heatmap).toHaveAttribute('data-order', after.columns.join(','));
    // The same pairs keep their values in the new order.
    const value = (h: { columns: string[]; rows: HeatmapRow[] }, a: string, b: string) =>
      h.rows.find((r) => r.symbol === a)!.cells[h.columns.indexOf(b)];
    for (const a of before) {
      for (const b of before)
        expect(value(after, a, b), `${a}/${b}`).toBe(value({ columns, rows }, a, b));
    }
    await page.getByTestId('clustered-toggle').uncheck();
    await expect.poll(() => heatmapColumns(page)).toEqual(before);
  });

  test('risk contributions and the per-asset table', async ({ appPage: page }) => {
    await openRisk(page);
    const assets = await readTableRows(page.getByTestId('asset-risk-table'));
    const bars = page.getByTestId('risk-contributions').locator('tbody tr');
    await expect(bars).toHaveCount(assets.length);
    // Shares of volatility add up to the whole book (100 %), up to rounding.
    const shares = await bars.locator('td[data-col="vol"]').allTextContents();
    const sum = shares.reduce((s, x) => s + num(x), 0);
    expect(Math.abs(sum - 100)).toBeLessThan(0.01 * assets.length);
    // Sorted by share of volatility, largest first.
    const values = shares.map(num);
    expect(values).toEqual([...values].sort((a, b) => b - a));

    for (const a of assets) {
      for (const col of ['weight', 'annualVol', 'ewmaVol', 'marginalVol', 'volShare', 'esShare']) {
        expect(a[col], `${a.symbol} ${col}`).toMatch(PERCENT);
      }
      expect(a.daysToLiquidate, `${a.symbol} days to liquidate`).toMatch(
        /^(< 0\.01|[\d,]+\.\d{2}|no volume)$/,
      );
      expect(a.exitCost, `${a.symbol} exit cost`).toMatch(/^[\d,]+\.\d bp$|^—$/);
      expect(a.persistence, `${a.symbol} GARCH α+β`).toMatch(/^\d\.\d{4}$|^—$/);
    }

    // Largest weight first; a header click sorts by its column, a second click reverses it.
    const table = page.getByTestId('asset-risk-table');
    const weights = assets.map((a) => num(a.weight));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const volHeader = table.locator('th[data-col="volShare"]');
    await volHeader.getByRole('button').click();
    await expect(volHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(table.locator('th[data-col="weight"]')).toHaveAttribute('aria-sort', 'none');
    const byVol = (await readTableRows(table)).map((r) => num(r.volShare));
    expect(byVol).toEqual([...byVol].sort((a, b) => b - a));
    await volHeader.getByRole('button').click();
    await expect(volHeader).toHaveAttribute('aria-sort', 'ascending');
    const up = (await readTableRows(table)).map((r) => num(r.volShare));
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(new Set(up)).toEqual(new Set(byVol));
  });

  test('the rolling and drawdown charts draw, and assets can be added to the benchmark chart', async ({
    appPage: page,
  }) => {
    await openRisk(page);
    for (const id of CHARTS) {
      const chart = page.getByTestId(id);
      await chart.scrollIntoViewIfNeeded();
      await expectChartDrawn(chart);
      const box = await chart.boundingBox();
      expect(box!.width, `${id} width`).toBeGreaterThan(200);
      expect(box!.height, `${id} height`).toBeGreaterThan(200);
    }
    await expect(page.locator('.caption', { hasText: 'rises in sell-offs' })).toBeVisible();
    // The top four assets by weight are drawn by default, one legend entry each.
    const legend = page.getByTestId('benchmark-corr-chart-legend').locator('li');
    await expect(legend).toHaveCount(4);
    const off = page
      .getByTestId('benchmark-picker')
      .locator('button[aria-pressed="false"]')
      .first();
    const symbol = (await off.textContent())!.trim();
    await off.click();
    await expect(legend).toHaveCount(5);
    await expect(legend.last()).toHaveText(symbol);
    await expectChartDrawn(page.getByTestId('benchmark-corr-chart'));
  });

  test('a long run can be cancelled; the previous result stays and the view stays usable', async ({
    appPage: page,
  }) => {
    await openRisk(page);
    const runId = await page.getByTestId('run-id').textContent();
    await page.getByTestId('risk-lookback').selectOption('1095');
    await page.getByTestId('risk-paths').selectOption('1000000');
    await expect(page.getByTestId('risk-controls')).toContainText('Settings changed');
    await page.getByTestId('risk-run').click();
    const progress = page.getByRole('progressbar', { name: 'Risk run' });
    await expect(progress).toBeVisible();
    // While it runs, the previous result stays on screen, dimmed.
    await expect(page.getByTestId('risk-results')).toHaveClass(/stale/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('risk-cancelled')).toContainText('cancelled');
    await expect(progress).toHaveCount(0);
    await expect(page.getByTestId('risk-results')).not.toHaveClass(/stale/);
    await expect(page.getByTestId('run-id')).toHaveText(runId!);

    // Still usable: the toggle works, and a shorter run goes through.
    await page.getByTestId('clustered-toggle').check();
    await expect(page.getByTestId('clustered-toggle')).toBeChecked();
    await page.getByTestId('risk-lookback').selectOption('365');
    await page.getByTestId('risk-paths').selectOption('100000');
    await page.getByTestId('risk-alpha').selectOption('0.975');
    await page.getByTestId('risk-run').click();
    await expect(page.getByTestId('run-id')).not.toHaveText(runId!, { timeout: 30_000 });
    await waitForResult(page);
    await expect(page.getByTestId('risk-cancelled')).toHaveCount(0);
    await expect(page.getByTestId('card-window')).toContainText('365 daily returns');
    await expect(page.getByTestId('card-var')).toContainText('97.5 %, 1 day, Historical');
    expect(await figuresText(page)).not.toMatch(/NaN|undefined|Infinity/);
  });

  test('a failed run says why in plain words and can be retried', async ({
    appPage: page,
    target,
  }) => {
    test.skip(target !== 'browser', 'the failure is injected at the HTTP layer of browser mode');
    let failures = 0;
    await page.route('**/rpc/risk.portfolio', async (route) => {
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
    await openHoldings(page);
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Risk' })
      .click();
    const error = page.getByTestId('risk-error');
    await expect(error).toContainText('The risk run failed: The price store is busy; try again.');
    await error.getByRole('button', { name: 'Retry' }).click();
    await waitForResult(page);
    await expect(error).toHaveCount(0);
  });

  test('screenshots of the Risk view in dark and light', async ({ appPage: page, target }) => {
    const dir = join(ROOT, 'test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await openRisk(page);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    // The app scrolls inside <main>: grow the viewport to the whole view for a full-page shot.
    const height = await page.locator('main').evaluate((m) => m.scrollHeight);
    await page.setViewportSize({ width: 1680, height: height + 20 });
    for (const want of ['dark', 'light'] as const) {
      if ((await theme()) !== want) await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe(want);
      for (const id of CHARTS) await expectChartDrawn(page.getByTestId(id));
      await page.waitForTimeout(300); // let the charts repaint in the new palette
      await page.screenshot({ path: join(dir, `${target}-risk-${want}.png`), fullPage: true });
    }
  });
});

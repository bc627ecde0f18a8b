import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { withKeelBrowser } from './browser';
import { report } from './report';

// The Allocate view in browser mode on the demo book (15 assets, 730 days): the time from Run
// to the whole result on screen (the engine's twelve methods and frontier, then the cards,
// the SVG frontier and both grids), from a comparison row to that method's weights, and from
// Open on a past run to its result.

/** Waits until run `id` (or any run, if null) is on screen with its frontier and grids drawn. */
async function resultShown(page: Page, notId: string | null): Promise<string> {
  await page.waitForFunction(
    (before) => {
      const id = document.querySelector('[data-testid=alloc-run-id]')?.textContent ?? null;
      const results = document.querySelector('[data-testid=alloc-results]');
      return (
        id !== null &&
        id !== before &&
        results !== null &&
        !results.classList.contains('stale') &&
        document.querySelectorAll('[data-testid=frontier-chart] circle.alloc-marker').length > 0 &&
        document.querySelectorAll('[data-testid=weights-grid] .ag-row').length > 1 &&
        document.querySelectorAll('[data-testid=comparison-grid] .ag-row').length > 1
      );
    },
    notId,
    { timeout: 60_000 },
  );
  return (await page.getByTestId('alloc-run-id').textContent())!;
}

it('Allocate view: run, switch method, reopen (browser mode, demo book)', async () => {
  await withKeelBrowser('keel-bench-alloc-', async (url, browser) => {
    const context = await browser.newContext({ viewport: { width: 1680, height: 1050 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('total-value').waitFor();
    await page.evaluate(() => (window.location.hash = '#/allocate'));
    await page.getByTestId('alloc-policy').waitFor();
    await page.waitForFunction(
      () => !/Current holdings \(0\)/.test(document.body.textContent ?? ''),
    );

    // Run: max Sharpe and min volatility in turn (each compares all methods).
    const runs: number[] = [];
    let id: string | null = null;
    const first: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.getByTestId('alloc-method').selectOption(i % 2 ? 'min-volatility' : 'max-sharpe');
      const t0 = performance.now();
      await page.getByTestId('alloc-run').click();
      id = await resultShown(page, id);
      if (i > 0) runs.push(performance.now() - t0); // the first warms the worker and the JIT
      first.push(id);
    }
    report('Allocate: Run to result on screen (12 methods)', runs, 2500);

    // A comparison row to that method's weights (grid, bars, cards and frontier redrawn),
    // timed inside the page from the click to the frame after the new heading: the view's
    // cost without the automation's round trips.
    const methods: [string, string][] = [
      ['hrp', 'Hierarchical risk parity'],
      ['equal-weight', 'Equal weight'],
      ['risk-parity', 'Risk parity'],
      ['inverse-volatility', 'Inverse volatility'],
      ['min-cvar', 'Minimum CVaR'],
    ];
    const switches: number[] = [];
    for (let i = 0; i < 15; i++) {
      const [m, label] = methods[i % methods.length]!;
      switches.push(
        await page.evaluate(
          async ([method, heading]) => {
            const cell = document.querySelector<HTMLElement>(
              `[data-testid=comparison-grid] .ag-row[row-id="${method}"] .ag-cell[col-id="label"]`,
            );
            if (!cell) throw new Error(`no comparison row ${method}`);
            const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
            const t0 = performance.now();
            cell.click();
            while (
              !Array.from(document.querySelectorAll('h2')).some(
                (h) => h.textContent === `Weights: ${heading}`,
              )
            )
              await frame();
            await frame(); // painted
            return performance.now() - t0;
          },
          [m, label] as [string, string],
        ),
      );
    }
    report('Allocate: comparison row to its weights (in page)', switches, 100);

    // Open a past run (allocation.getRun and holdings.get, then the same drawing).
    const opens: number[] = [];
    for (let i = 0; i < 6; i++) {
      const target = first[i % 2]!.slice(1);
      const t0 = performance.now();
      await page.locator(`tr[data-run="${target}"]`).getByRole('button', { name: 'Open' }).click();
      id = await resultShown(page, id);
      opens.push(performance.now() - t0);
    }
    report('Allocate: Open a past run to its result', opens, 600);
  });
});

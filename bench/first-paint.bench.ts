import { it } from 'vitest';
import { withKeelBrowser } from './browser';
import { report } from './report';

it('first paint of the Holdings view in browser mode', async () => {
  await withKeelBrowser('keel-bench-paint-', async (url, browser) => {
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(url);
      // painted = the grid shows the top holding and the value chart has drawn its canvas
      await page.getByRole('gridcell', { name: 'BTC', exact: true }).first().waitFor();
      await page.waitForFunction(() => {
        const c = document.querySelector(
          '[data-testid=value-chart] canvas',
        ) as HTMLCanvasElement | null;
        return (
          !!c &&
          c.width > 0 &&
          document.querySelector('[data-testid=total-value]')?.textContent?.includes(',')
        );
      });
      const t = performance.now() - t0;
      if (i > 0) samples.push(t); // the first run warms the server's caches and the browser
      await context.close();
    }
    report('first paint of Holdings (browser mode, demo book)', samples, 1500);

    // The Risk view: from navigation to the full result (six methods, contributions, charts),
    // computed in a worker on the 730-day demo window with 100,000 Monte Carlo paths.
    const riskSamples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('gridcell', { name: 'BTC', exact: true }).first().waitFor();
      const t0 = performance.now();
      await page.evaluate(() => (window.location.hash = '#/risk'));
      await page.getByTestId('risk-results').waitFor({ timeout: 30_000 });
      await page.getByTestId('risk-contributions').waitFor();
      const t = performance.now() - t0;
      if (i > 0) riskSamples.push(t);
      await context.close();
    }
    report('Risk view of the demo ready (browser mode, worker)', riskSamples, 1000);
  });
});

import { expect, test } from './fixtures';
import { DEMO, canvasColourCounts, expectChartDrawn, openHoldings } from './helpers';

test.describe('charts', () => {
  test('the portfolio value and price charts draw', async ({ appPage: page }) => {
    await openHoldings(page);
    for (const id of ['value-chart', 'price-chart']) {
      const chart = page.getByTestId(id);
      await expect(chart.locator('canvas').first()).toBeAttached();
      await expectChartDrawn(chart);
      const box = await chart.boundingBox();
      expect(box!.width, `${id} width`).toBeGreaterThan(200);
      expect(box!.height, `${id} height`).toBeGreaterThan(200);
    }
    // The headers summarise the last point of each series.
    await expect(
      page.locator('.panel', { hasText: 'Portfolio value' }).locator('.hint'),
    ).toContainText(`USD on ${DEMO.asOf}`);
    await expect(page.locator('.panel', { hasText: 'Price' }).locator('.hint')).toHaveText(
      /^[\d,]+\.\d+ USD close$/,
    );
  });

  test('choosing another asset redraws the price chart', async ({ appPage: page }) => {
    await openHoldings(page);
    const chart = page.getByTestId('price-chart');
    await expectChartDrawn(chart);
    const hint = page.locator('.panel', { hasText: 'Price' }).locator('.hint');
    const btcHint = await hint.textContent();
    await page.getByTestId('price-symbol').selectOption('USDC');
    await expect(hint).not.toHaveText(btcHint ?? '');
    await expect(hint).toHaveText(/^(0\.99|1\.00)\d* USD close$/);
    await expectChartDrawn(chart);
    expect(Math.max(...(await canvasColourCounts(chart)))).toBeGreaterThan(5);
  });
});

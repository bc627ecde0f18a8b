import { expect, test } from './fixtures';
import {
  CHART_BACKGROUND,
  DEMO,
  dominantCanvasColour,
  expectChartDrawn,
  openHoldings,
} from './helpers';

const BUILT = ['Holdings', 'Risk', 'Allocate', 'Hedge', 'Data'];

test.describe('app shell on the demo portfolio', () => {
  test('opens on Holdings with the demo as-of date, not live, and the demo total', async ({
    appPage: page,
  }) => {
    await openHoldings(page);
    const asOf = page.getByTestId('as-of');
    await expect(asOf).toContainText(DEMO.asOf);
    await expect(asOf).toContainText('not live');
    await expect(page.getByTestId('total-value')).toHaveText(`${DEMO.total} USD`);
    await expect(page.getByTestId('portfolio-select')).toHaveValue('Demo');
    await expect(page.locator('.card', { hasText: 'Positions' }).locator('.figure')).toHaveText(
      String(DEMO.positions),
    );
    await expect(page.locator('.card', { hasText: 'Portfolio value' }).locator('.sub')).toHaveText(
      `as of ${DEMO.asOf} close`,
    );
    // No broken number anywhere on the page.
    await expect(page.locator('body')).not.toContainText(/NaN|undefined|Infinity/);
  });

  test('the nav lists every view in order and Holdings is current', async ({ appPage: page }) => {
    await openHoldings(page);
    const links = page.getByRole('navigation', { name: 'Views' }).getByRole('link');
    await expect(links).toHaveCount(DEMO.views.length);
    await expect(links).toHaveText(
      // the views built so far; the rest say 'soon'
      DEMO.views.map((v) => (BUILT.includes(v) ? v : new RegExp(`^${v}\\s*soon$`))),
    );
    await expect(links.first()).toHaveAttribute('aria-current', 'page');
  });

  test('views not built yet say so, and Holdings comes back', async ({ appPage: page }) => {
    await openHoldings(page);
    const nav = page.getByRole('navigation', { name: 'Views' });
    for (const label of DEMO.views.filter((v) => !BUILT.includes(v))) {
      await nav.getByRole('link', { name: label }).click();
      const id = label.toLowerCase();
      const view = page.getByTestId(`placeholder-${id}`);
      await expect(view).toBeVisible();
      await expect(view.getByRole('heading', { level: 2 })).toHaveText(label);
      await expect(view).toContainText('Not built yet');
      await expect(page.getByTestId('holdings-grid')).toHaveCount(0);
      await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
      expect(new URL(page.url()).hash).toBe(`#/${id}`);
    }
    await nav.getByRole('link', { name: 'Holdings' }).click();
    await openHoldings(page);
  });

  test('a view can be opened by its URL hash', async ({ appPage: page }) => {
    await openHoldings(page);
    await page.evaluate(() => {
      window.location.hash = '#/stress';
    });
    await expect(page.getByTestId('placeholder-stress')).toContainText('Not built yet');
    await page.evaluate(() => {
      window.location.hash = '#/allocate';
    });
    await expect(page.getByTestId('allocate-view')).toBeVisible();
  });

  test('the theme toggle flips the document theme between dark and light', async ({
    appPage: page,
  }) => {
    await openHoldings(page);
    const toggle = page.getByTestId('theme-toggle');
    const theme = () =>
      page.evaluate(() => document.documentElement.dataset.theme as 'dark' | 'light' | undefined);
    const chart = page.getByTestId('price-chart');
    await expectChartDrawn(chart);
    const first = await theme();
    expect(['dark', 'light']).toContain(first);
    const other = first === 'dark' ? 'light' : 'dark';
    // The button names the theme it switches to; the charts (canvas, no CSS) follow the theme.
    await expect(toggle).toHaveText(first === 'dark' ? 'Light theme' : 'Dark theme');
    await expect.poll(() => dominantCanvasColour(chart)).toBe(CHART_BACKGROUND[first ?? 'dark']);
    await toggle.click();
    await expect.poll(theme).toBe(other);
    await expect(toggle).toHaveText(other === 'dark' ? 'Light theme' : 'Dark theme');
    await expect.poll(() => dominantCanvasColour(chart)).toBe(CHART_BACKGROUND[other]);
    await toggle.click();
    await expect.poll(theme).toBe(first);
    await expect.poll(() => dominantCanvasColour(chart)).toBe(CHART_BACKGROUND[first ?? 'dark']);
  });
});

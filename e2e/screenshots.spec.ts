import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, ROOT } from './fixtures';
import { expectChartDrawn, openHoldings } from './helpers';

const DIR = join(ROOT, 'test-results', 'screenshots');

test.describe('screenshots', () => {
  test('Holdings (dark, light) and a placeholder view', async ({ appPage: page, target }) => {
    mkdirSync(DIR, { recursive: true });
    await openHoldings(page);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    for (const want of ['dark', 'light'] as const) {
      if ((await theme()) !== want) await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe(want);
      await expectChartDrawn(page.getByTestId('value-chart'));
      await expectChartDrawn(page.getByTestId('price-chart'));
      await page.waitForTimeout(250); // let both charts repaint in the new palette
      await page.screenshot({ path: join(DIR, `${target}-holdings-${want}.png`) });
    }
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Stress' })
      .click();
    await expect(page.getByTestId('placeholder-stress')).toContainText('Not built yet');
    await page.screenshot({ path: join(DIR, `${target}-placeholder-stress.png`) });
  });
});

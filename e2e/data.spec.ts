import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, test, ROOT } from './fixtures';
import { parseCsv, rpc } from './helpers';

// The Data view: import wizard, ledger, accounts, instruments, holdings as of a day, exports.
// The browser target shares one server per worker with the other specs, so what these tests
// write is taken back out afterwards (afterAll) and the demo book is left as it was.

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
const DEMO_TRANSACTIONS = 35;

async function openData(page: Page, tab: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Data' }).click();
  await expect(page.getByTestId('data-view')).toBeVisible();
  await page.getByTestId(`data-tab-${tab}`).click();
}

async function downloadText(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ])) as [Download, void];
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** Text of one cell of a grid row, by row id and column id. */
const cell = (page: Page, gridId: string, rowId: string, colId: string) =>
  page.getByTestId(gridId).locator(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${colId}"]`);

test.describe('Data view', () => {
  test.afterAll(async ({ target, startKeelServer }) => {
    if (target !== 'browser') return; // the desktop target starts every test on a fresh data dir
    const server = await startKeelServer();
    const list = await rpc(server, 'transactions.list', { limit: 100000 });
    const rows = (list.json as { value: { rows: { id: number; date: string }[] } }).value.rows;
    // Newest first, so the ledger stays consistent after every delete.
    for (const r of rows.filter((x) => x.id > DEMO_TRANSACTIONS).reverse())
      await rpc(server, 'transactions.delete', { id: r.id });
  });

  test('imports the Binance export: dry run, refused commit, commit, re-import', async ({
    appPage: page,
    target,
    startKeelServer,
  }) => {
    await openData(page, 'import');
    await page.getByTestId('import-file').setInputFiles(join(FIXTURES, 'binance-spot-trades.csv'));
    await expect(page.getByTestId('import-file-info')).toContainText('7 columns');
    await page.getByTestId('import-preset').selectOption('binance-spot-trades');
    await page.getByTestId('dry-run').click();

    await expect(page.getByTestId('count-accepted')).toHaveText('10');
    await expect(page.getByTestId('count-rejected')).toHaveText('2');
    const rejected = page.getByTestId('rejected-grid');
    await expect(rejected.locator('.ag-cell[col-id="line"]')).toHaveText(['8', '12']);
    await expect(
      rejected.locator('.ag-row[row-index="0"] .ag-cell[col-id="reason"]'),
    ).toContainText('1INCH');
    await expect(page.getByTestId('sample-grid').locator('.ag-row').first()).toContainText('BTC');

    // Rejected rows: no commit unless the valid rows are to be imported anyway...
    const commit = page.getByTestId('commit-import');
    await expect(commit).toBeDisabled();
    // ...and the server refuses such a commit too.
    if (target === 'browser') {
      const server = await startKeelServer();
      const { readFileSync } = await import('node:fs');
      const refused = await rpc(server, 'import.run', {
        kind: 'trades',
        content: readFileSync(join(FIXTURES, 'binance-spot-trades.csv'), 'utf8'),
        fileName: 'binance-spot-trades.csv',
        preset: 'binance',
        dryRun: false,
      });
      expect(refused.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }

    await page.getByTestId('allow-rejected').check();
    await expect(commit).toBeEnabled();
    await commit.click();
    await expect(page.getByTestId('import-inserted')).toHaveText('10');
    await expect(page.getByTestId('import-skipped')).toHaveText('0');

    // The same file again: every row is already there.
    await page.getByTestId('dry-run').click();
    await expect(page.getByTestId('count-accepted')).toHaveText('10');
    await page.getByTestId('allow-rejected').check();
    await page.getByTestId('commit-import').click();
    await expect(page.getByTestId('import-inserted')).toHaveText('0');
    await expect(page.getByTestId('import-skipped')).toHaveText('10');

    await page.getByTestId('data-tab-transactions').click();
    await expect(page.getByTestId('tx-count')).toContainText(`of ${DEMO_TRANSACTIONS + 10}`);
  });

  test('adds, edits and deletes a transaction; an oversell shows the server’s error', async ({
    appPage: page,
  }) => {
    await openData(page, 'asof');
    const solAtBinance = cell(page, 'asof-grid', 'Binance|SOL', 'quantity');
    await expect(solAtBinance).toHaveText(/^[\d,.]+$/);
    const before = Number((await solAtBinance.textContent())!.replace(/,/g, ''));

    await page.getByTestId('data-tab-transactions').click();
    const form = page.getByTestId('tx-form');
    await page.getByTestId('tx-kind').selectOption('sell');
    await page.getByTestId('tx-date').fill('2024-06-01');
    await page.getByTestId('tx-account').fill('Kraken');
    await page.getByTestId('tx-instrument').fill('BTC');
    await page.getByTestId('tx-quantity').fill('1000');
    await page.getByTestId('tx-price').fill('60000');
    await page.getByTestId('tx-quote').fill('USD');
    await page.getByTestId('tx-submit').click();
    await expect(page.getByTestId('tx-error')).toContainText(
      'cannot sell 1000 BTC: account "Kraken" holds only 0',
    );
    await expect(page.getByTestId('tx-error')).toContainText('sell on 2024-06-01');

    // A valid buy.
    await page.getByTestId('tx-kind').selectOption('buy');
    await page.getByTestId('tx-date').fill('2024-06-03');
    await page.getByTestId('tx-account').fill('Binance');
    await page.getByTestId('tx-instrument').fill('SOL');
    await page.getByTestId('tx-quantity').fill('10');
    await page.getByTestId('tx-price').fill('150');
    await page.getByTestId('tx-quote').fill('USDT');
    await page.getByTestId('tx-note').fill('e2e buy');
    await page.getByTestId('tx-submit').click();
    const message = page.getByTestId('tx-message');
    await expect(message).toContainText('added (buy 10 SOL)');
    await expect(page.getByTestId('tx-error')).toHaveCount(0);
    const id = /#(\d+)/.exec((await message.textContent())!)![1]!;
    const row = page.getByTestId('tx-grid').locator(`.ag-row[row-id="${id}"]`);
    await expect(row.locator('.ag-cell[col-id="date"]')).toHaveText('2024-06-03');
    await expect(row.locator('.ag-cell[col-id="kind"]')).toHaveText('buy');
    await expect(row.locator('.ag-cell[col-id="instrument"]')).toHaveText('SOL');
    await expect(row.locator('.ag-cell[col-id="quantity"]')).toHaveText('10');

    await page.getByTestId('data-tab-asof').click();
    await expect(solAtBinance).toHaveText((before + 10).toLocaleString('en-US'));

    // Edit: 10 → 12.
    await page.getByTestId('data-tab-transactions').click();
    await row.locator('.ag-cell[col-id="instrument"]').click();
    await expect(form.getByRole('heading')).toHaveText(`Edit transaction #${id}`);
    await expect(page.getByTestId('tx-quantity')).toHaveValue('10');
    await page.getByTestId('tx-quantity').fill('12');
    await page.getByTestId('tx-submit').click();
    await expect(message).toContainText(`#${id} replaced`);
    await expect(row.locator('.ag-cell[col-id="quantity"]')).toHaveText('12');
    await page.getByTestId('data-tab-asof').click();
    await expect(solAtBinance).toHaveText((before + 12).toLocaleString('en-US'));

    // Delete, after a confirmation.
    await page.getByTestId('data-tab-transactions').click();
    await row.locator('.ag-cell[col-id="instrument"]').click();
    await page.getByTestId('tx-delete').click();
    await expect(page.getByTestId('tx-delete-confirm')).toContainText(`#${id}?`);
    await page.getByTestId('tx-delete-yes').click();
    await expect(message).toContainText(`#${id} deleted`);
    await expect(row).toHaveCount(0);
    await page.getByTestId('data-tab-asof').click();
    await expect(solAtBinance).toHaveText(before.toLocaleString('en-US'));
  });

  test('adds an account; a venue with transactions cannot be deleted', async ({
    appPage: page,
  }) => {
    await openData(page, 'accounts');
    const grid = page.getByTestId('accounts-grid');
    await expect(grid.locator('.ag-row').first()).toBeVisible();

    await page.getByTestId('account-name').fill('E2E cold wallet');
    await page.getByTestId('account-kind').selectOption('wallet');
    await page.getByTestId('account-custodian').fill('self');
    await page.getByTestId('account-chain').fill('Ethereum');
    await page.getByTestId('account-address').fill('0xE2E…');
    await page.getByTestId('account-submit').click();
    await expect(page.getByTestId('account-message')).toContainText('“E2E cold wallet” added');
    const added = grid.locator('.ag-row', { hasText: 'E2E cold wallet' });
    await expect(added).toContainText('wallet');
    await expect(added).toContainText('Ethereum');

    // Binance has transactions: the server refuses, and says why.
    await grid
      .locator('.ag-row', { hasText: 'Binance' })
      .locator('.ag-cell[col-id="name"]')
      .click();
    await page.getByTestId('account-delete').click();
    await page.getByTestId('account-delete-yes').click();
    await expect(page.getByTestId('account-error')).toContainText(/has \d+ transaction/);

    // The new one has none: it goes.
    await added.locator('.ag-cell[col-id="name"]').click();
    await page.getByTestId('account-delete').click();
    await page.getByTestId('account-delete-yes').click();
    await expect(page.getByTestId('account-message')).toContainText('deleted');
    await expect(added).toHaveCount(0);
  });

  test('an option with a missing attribute shows the field error', async ({ appPage: page }) => {
    await openData(page, 'instruments');
    await expect(page.getByTestId('instruments-grid').locator('.ag-row').first()).toBeVisible();
    await page.getByTestId('instrument-symbol').fill('BTC-27JUN25-100000-C');
    await page.getByTestId('instrument-name').fill('BTC 100k call June 2025');
    await page.getByTestId('instrument-kind').selectOption('option');
    await page.getByTestId('instrument-asset-class').fill('option');
    await page.getByTestId('attr-underlying').fill('BTC');
    await page.getByTestId('attr-strike').fill('100000');
    await page.getByTestId('attr-right').selectOption('call');
    await page.getByTestId('attr-settlement').selectOption('usd');
    // no expiry
    await page.getByTestId('instrument-submit').click();
    const form = page.getByTestId('instrument-form');
    await expect(form.locator('.field:has([data-testid="attr-expiry"]) .field-error')).toHaveText(
      /required/,
    );
    await expect(form.locator('.field:has([data-testid="attr-strike"]) .field-error')).toHaveCount(
      0,
    );
    await expect(page.getByTestId('instrument-error')).toBeVisible();
    await expect(page.getByTestId('instrument-message')).toHaveCount(0);
  });

  test('holdings as of 2021-06-01 are the opening deposits; exports download', async ({
    appPage: page,
  }) => {
    await openData(page, 'asof');
    const grid = page.getByTestId('asof-grid');
    await expect(grid.locator('.ag-row').first()).toBeVisible();
    await page.getByTestId('asof-date').fill('2021-06-01');
    await expect(page.getByTestId('asof-totals')).toContainText('closes on or before 2021-06-01');
    const opening = [
      'ADA',
      'BNB',
      'BTC',
      'DOGE',
      'DOT',
      'ETH',
      'LINK',
      'LTC',
      'MATIC',
      'USDT',
      'XRP',
    ];
    await expect(grid.locator('.ag-row')).toHaveCount(opening.length);
    const symbols = await grid.locator('.ag-cell[col-id="symbol"]').allTextContents();
    expect(symbols.map((s) => s.trim()).sort()).toEqual(opening);
    await expect(page.getByTestId('asof-realised')).toHaveText('0.00');
    await page.getByTestId('cost-method').selectOption('average');
    await expect(grid.locator('.ag-row')).toHaveCount(opening.length);
    await expect(page.locator('body')).not.toContainText(/NaN|undefined|Infinity/);

    const tx = await downloadText(page, 'export-transactions');
    expect(tx.name).toMatch(/\.csv$/);
    expect(parseCsv(tx.text)[0]!.slice(0, 6)).toEqual([
      'date',
      'time',
      'kind',
      'account',
      'instrument',
      'quantity',
    ]);
    expect(parseCsv(tx.text)[1]![0]).toBe('2021-06-01');

    const holdings = await downloadText(page, 'export-holdings');
    expect(holdings.name).toContain('2021-06-01');
    const hRows = parseCsv(holdings.text);
    expect(hRows[0]!.slice(0, 4)).toEqual(['asOf', 'account', 'venueKind', 'symbol']);
    expect(hRows.filter((r) => r.length > 1)).toHaveLength(1 + opening.length);

    const json = await downloadText(page, 'export-json');
    expect(json.name).toMatch(/\.json$/);
    expect(json.text.split('\n')[0]).toBe('{');
    const doc = JSON.parse(json.text) as { format: string; transactions: unknown[] };
    expect(doc.format).toBe('keel-portfolio');
    expect(doc.transactions.length).toBeGreaterThanOrEqual(DEMO_TRANSACTIONS);
  });
});

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect, type Locator, type Page } from '@playwright/test';
import type { KeelServer } from './fixtures';

// The demo portfolio as shipped (resources/demo), valued at its last close.
export const DEMO = {
  asOf: '2025-02-11',
  positions: 25,
  total: '2,337,766.94',
  views: ['Holdings', 'Risk', 'Allocate', 'Hedge', 'Stress', 'Rebalance', 'Data', 'Reports'],
} as const;

export type GridRow = Record<string, string> & { __index: string };

export const grid = (page: Page): Locator => page.getByTestId('holdings-grid');

/** Waits until the holdings view shows the demo portfolio and the grid has rendered rows. */
export async function openHoldings(page: Page): Promise<void> {
  await expect(page.getByTestId('total-value')).toContainText(DEMO.total);
  await expect(grid(page).locator('.ag-row[row-index="0"]')).toBeVisible();
}

/**
 * Every data row of the holdings grid in display order, as {colId: cell text}. AG Grid
 * virtualises rows and columns, so this scrolls the grid's viewport over its whole area and
 * merges what each position rendered; the pinned totals row is left out.
 */
export async function readGridRows(page: Page): Promise<GridRow[]> {
  const rows = await grid(page).evaluate(async (root) => {
    const el = root as Element;
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    const settle = async () => {
      await frame();
      await frame();
      await new Promise((r) => setTimeout(r, 30));
    };
    const viewport =
      el.querySelector<HTMLElement>('.ag-grid-viewport') ??
      el.querySelector<HTMLElement>('.ag-body-viewport');
    if (!viewport) throw new Error('no AG Grid viewport in the holdings grid');
    const seen = new Map<string, Record<string, string>>();
    const collect = () => {
      for (const row of Array.from(el.querySelectorAll('.ag-row'))) {
        const idx = row.getAttribute('row-index');
        if (idx === null || !/^\d+$/.test(idx) || row.className.includes('ag-row-pinned')) continue;
        const rec = seen.get(idx) ?? {};
        for (const cell of Array.from(row.querySelectorAll('.ag-cell'))) {
          const col = cell.getAttribute('col-id');
          if (col) rec[col] = (cell.textContent ?? '').trim();
        }
        seen.set(idx, rec);
      }
    };
    const stepY = Math.max(40, Math.floor(viewport.clientHeight / 2));
    const stepX = Math.max(40, Math.floor(viewport.clientWidth / 2));
    for (let y = 0; ; y += stepY) {
      viewport.scrollTop = y;
      for (let x = 0; ; x += stepX) {
        viewport.scrollLeft = x;
        await settle();
        collect();
        if (x + viewport.clientWidth >= viewport.scrollWidth) break;
      }
      if (y + viewport.clientHeight >= viewport.scrollHeight) break;
    }
    viewport.scrollTop = 0;
    viewport.scrollLeft = 0;
    return [...seen.entries()].map(([k, v]) => ({ ...v, __index: k }));
  });
  return (rows as GridRow[]).sort((a, b) => Number(a.__index) - Number(b.__index));
}

/** Types into the Asset column's header filter ("contains"), then closes the filter popup. */
export async function filterAsset(page: Page, text: string): Promise<void> {
  const header = grid(page).locator('.ag-header-cell[col-id="symbol"]');
  await header.locator('.ag-header-cell-filter-button').click();
  const input = page.locator('.ag-filter input[aria-label="Filter Value"]').first();
  await expect(input).toBeVisible();
  await input.fill(text);
  await expect(input).toHaveValue(text);
  await page.keyboard.press('Escape');
  await expect(page.locator('.ag-filter')).toHaveCount(0);
}

/** Text of the pinned totals row, by column id. */
export async function readTotalRow(page: Page): Promise<Record<string, string>> {
  return grid(page)
    .locator('.ag-row-pinned')
    .first()
    .evaluate((row) => {
      const rec: Record<string, string> = {};
      for (const cell of Array.from(row.querySelectorAll('.ag-cell'))) {
        const col = cell.getAttribute('col-id');
        if (col) rec[col] = (cell.textContent ?? '').trim();
      }
      return rec;
    });
}

/** The number of distinct RGBA values over a grid of samples of each canvas inside a container. */
export async function canvasColourCounts(container: Locator): Promise<number[]> {
  return container.evaluate((root) => {
    const canvases = Array.from(root.querySelectorAll('canvas'));
    return canvases.map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return 0;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const colours = new Set<string>();
      const stride = 3; // every third pixel on every third line
      for (let y = 0; y < c.height; y += stride) {
        for (let x = 0; x < c.width; x += stride) {
          const i = (y * c.width + x) * 4;
          colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
        }
      }
      return colours.size;
    });
  });
}

/** The most common opaque colour over the canvases in a container (a chart's background), as 'r,g,b'. */
export async function dominantCanvasColour(container: Locator): Promise<string | null> {
  return container.evaluate((root) => {
    const canvases = Array.from(root.querySelectorAll('canvas'));
    const counts = new Map<string, number>();
    for (const c of canvases) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < data.length; i += 4 * 7) {
        if (data[i + 3] !== 255) continue;
        const k = `${data[i]},${data[i + 1]},${data[i + 2]}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    let best: string | null = null;
    let n = 0;
    for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
    return best;
  });
}

/** Waits until a chart container has a canvas with more than `min` distinct colours. */
export async function expectChartDrawn(chart: Locator, min = 5): Promise<void> {
  await expect(chart).toBeVisible();
  await expect
    .poll(async () => Math.max(0, ...(await canvasColourCounts(chart))), {
      message: 'a canvas of the chart should show more than a handful of colours (not blank)',
      timeout: 15_000,
    })
    .toBeGreaterThan(min);
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Clicks Export CSV and returns the downloaded file's name and parsed rows (header first). */
export async function exportCsv(page: Page): Promise<{ fileName: string; rows: string[][] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return {
    fileName: download.suggestedFilename(),
    rows: parseCsv(Buffer.concat(chunks).toString('utf8')),
  };
}

/** Chart backgrounds by theme (chartPalette in src/renderer/src/lib/theme.tsx), as 'r,g,b'. */
export const CHART_BACKGROUND = { dark: '19,26,35', light: '255,255,255' } as const;

/** A figure as the app prints it: thousands separators, the typographic minus, no "−0.00". */
export const money = (x: number, decimals = 2) => {
  const s = x.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  if (!s.startsWith('-')) return s;
  return /[1-9]/.test(s) ? `−${s.slice(1)}` : s.slice(1);
};

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** A raw HTTP request from Node, so tests can send headers fetch forbids (Host) or leave the token out. */
export function httpCall(
  server: KeelServer,
  opts: { method?: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () =>
      req.destroy(new Error(`${opts.method ?? 'GET'} ${opts.path} timed out`)),
    );
    req.end(opts.body);
  });
}

/** POST /rpc/<name> with the server's token (unless another or none is given). */
export function rpc(
  server: KeelServer,
  name: string,
  input: unknown = {},
  opts: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const token = opts.token === undefined ? server.token : opts.token;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...(opts.headers ?? {}),
  };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return httpCall(server, {
    method: 'POST',
    path: `/rpc/${encodeURIComponent(name)}`,
    body: JSON.stringify(input),
    headers,
  });
}

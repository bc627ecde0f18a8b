import type { HoldingsReport } from '../../../shared/domain';
import { callOrThrow } from '../call';
import type { Command } from '../command';

function table(r: HoldingsReport): string {
  const head = ['Asset', 'Venue', 'Quantity', 'Price', 'Value', 'Weight'];
  const money = (x: number | null) =>
    x === null
      ? '-'
      : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const rows = r.rows.map((h) => [
    h.symbol,
    h.account,
    h.quantity,
    money(h.price),
    money(h.value),
    h.weight === null ? '-' : `${(h.weight * 100).toFixed(2)} %`,
  ]);
  rows.push(['Total', '', '', '', money(r.total), '100.00 %']);
  const widths = head.map((_, c) =>
    Math.max(head[c]!.length, ...rows.map((row) => row[c]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((s, c) => (c >= 2 ? s.padStart(widths[c]!) : s.padEnd(widths[c]!))).join('  ');
  return [
    `${r.portfolio.name} as of ${r.asOf} (${r.portfolio.baseCurrency})`,
    line(head),
    ...rows.map(line),
    ...r.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

export const holdingsCommand: Command = {
  name: 'holdings',
  summary: 'Positions per venue, valued at the latest close',
  usage: 'keel holdings [--portfolio NAME] [--as-of YYYY-MM-DD] [--json]',
  options: {
    portfolio: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ values, dispatch, io }) {
    const report = await callOrThrow(dispatch(), 'holdings.get', {
      portfolio: values.portfolio as string | undefined,
      asOf: values['as-of'] as string | undefined,
    });
    io.out(values.json ? JSON.stringify(report, null, 2) : table(report));
    return 0;
  },
};

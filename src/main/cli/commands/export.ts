import { writeFileSync } from 'node:fs';
import { KeelError } from '../../../shared/errors';
import { callOrThrow } from '../call';
import { UsageError, type Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary:
    'Export a portfolio: the whole book as JSON (reads back with keel import --kind portfolio), or CSV of transactions or holdings',
  usage:
    'keel export [--portfolio NAME] --format json|csv [--what transactions|holdings] [--no-prices] [--as-of DATE] [--out FILE]',
  options: {
    portfolio: { type: 'string' },
    format: { type: 'string' },
    what: { type: 'string', default: 'transactions' },
    'no-prices': { type: 'boolean', default: false },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, dispatch, io }) {
    const portfolio = values.portfolio as string | undefined;
    let text: string;
    if (values.format === 'json') {
      text =
        JSON.stringify(
          await callOrThrow(dispatch(), 'export.json', { portfolio, prices: !values['no-prices'] }),
          null,
          2,
        ) + '\n';
    } else if (values.format === 'csv') {
      if (values.what !== 'transactions' && values.what !== 'holdings')
        throw new UsageError(
          `--what must be transactions or holdings, got '${String(values.what)}'`,
        );
      text = (
        await callOrThrow(dispatch(), 'export.csv', {
          portfolio,
          what: values.what,
          asOf: values['as-of'] as string | undefined,
        })
      ).csv;
    } else
      throw new UsageError(`--format must be json or csv, got '${String(values.format ?? '')}'`);
    if (values.out) {
      try {
        writeFileSync(values.out as string, text);
      } catch (err) {
        throw new KeelError(
          'VALIDATION',
          `Cannot write ${String(values.out)}: ${(err as Error).message}`,
        );
      }
      io.err(`wrote ${String(values.out)}`);
    } else io.out(text.replace(/\n$/, ''));
    return 0;
  },
};

import { readFileSync } from 'node:fs';
import { KeelError } from '../../../shared/errors';
import { callOrThrow } from '../call';
import { UsageError, type Command } from '../command';

export const importCommand: Command = {
  name: 'import',
  summary:
    'Import a trades, prices or option-chain CSV (or a portfolio JSON): --dry-run shows what would happen',
  usage:
    'keel import FILE --kind trades|prices|chain|portfolio [--preset binance|coinbase|kraken|deribit|NAME] [--mapping FILE.json]\n' +
    '  [--account NAME] [--portfolio NAME] [--as NAME] [--dry-run] [--allow-rejected] [--json]',
  options: {
    kind: { type: 'string' },
    preset: { type: 'string' },
    mapping: { type: 'string' },
    account: { type: 'string' },
    portfolio: { type: 'string' },
    as: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'allow-rejected': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  positionals: true,
  async run({ values, positionals, dispatch, io }) {
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const kind = values.kind;
    if (kind === 'portfolio') {
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new KeelError('VALIDATION', `Cannot read ${file} as JSON: ${(err as Error).message}`);
      }
      const r = await callOrThrow(dispatch(), 'import.json', {
        document,
        as: values.as as string | undefined,
      });
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    if (kind !== 'trades' && kind !== 'prices' && kind !== 'chain')
      throw new UsageError(
        `--kind must be trades, prices, chain or portfolio, got '${String(kind ?? '')}'`,
      );
    let mapping: unknown;
    if (values.mapping) {
      try {
        mapping = JSON.parse(readFileSync(values.mapping as string, 'utf8'));
      } catch (err) {
        throw new KeelError(
          'VALIDATION',
          `Cannot read the mapping ${String(values.mapping)}: ${(err as Error).message}`,
        );
      }
    }
    const call = () =>
      callOrThrow(dispatch(), 'import.run', {
        kind,
        path: file,
        portfolio: values.portfolio as string | undefined,
        preset: values.preset as string | undefined,
        ...(mapping !== undefined ? { mapping } : {}),
        account: values.account as string | undefined,
        dryRun: values['dry-run'] === true,
        allowRejected: values['allow-rejected'] === true,
      });
    let r: Awaited<ReturnType<typeof call>>;
    try {
      r = await call();
    } catch (err) {
      // a commit refused for rejected rows still answers in the documented JSON shape
      const lines =
        err instanceof KeelError ? (err.issues ?? []).filter((i) => /^line \d+$/.test(i.path)) : [];
      if (!values.json || !lines.length) throw err;
      const rejected = lines.map((i) => ({ line: Number(i.path.slice(5)), reason: i.message }));
      io.out(
        JSON.stringify(
          { inserted: 0, skipped: 0, rejected, refused: (err as KeelError).message },
          null,
          2,
        ),
      );
      return 1;
    }
    const out = {
      inserted: r.inserted,
      skipped: r.skipped,
      rejected: r.rejected,
      rejectedCount: r.rejectedCount,
      dryRun: r.dryRun,
      parsed: r.parsed,
      accepted: r.accepted,
      ignored: r.ignored,
      notes: r.notes,
      importId: r.importId,
    };
    if (values.json) io.out(JSON.stringify(out, null, 2));
    else {
      io.out(
        `${r.dryRun ? 'dry run: ' : ''}${r.file}: ${r.parsed} rows read, ${r.accepted} accepted, ${r.rejectedCount} rejected${r.dryRun ? '' : `; ${r.inserted} inserted, ${r.skipped} already present`}`,
      );
      for (const x of r.rejected.slice(0, 20)) io.out(`  line ${x.line}: ${x.reason}`);
      for (const n of r.notes) io.out(`note: ${n}`);
    }
    return 0;
  },
};

import { parseArgs } from 'node:util';
import { KeelError } from '../../shared/errors';
import { boot, type Booted } from '../boot';
import { resolveDataDir } from '../paths';
import { UsageError, type CliIo, type Command } from './command';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { holdingsCommand } from './commands/holdings';
import { infoCommand } from './commands/info';
import { riskCommand } from './commands/risk';
import { optimizeCommand } from './commands/optimize';
import { impliedVolCommand, optionCommand } from './commands/option';
import { greeksCommand, hedgeCommand } from './commands/hedge';

export const commands: Command[] = [
  demoCommand,
  holdingsCommand,
  riskCommand,
  optimizeCommand,
  optionCommand,
  impliedVolCommand,
  greeksCommand,
  hedgeCommand,
  importCommand,
  exportCommand,
  infoCommand,
];

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 5);
  return [
    'keel - offline-first crypto portfolio workstation',
    '',
    'Usage: keel <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'serve'.padEnd(width)}  Serve the app in a browser on 127.0.0.1 (browser mode)`,
    '',
    'Options for every command:',
    '  --data-dir DIR  where the database lives (else $KEEL_DATA_DIR, else the platform data folder)',
    '  -h, --help      help for a command',
    '',
    'Output is JSON on stdout (with --json where a table is the default); errors go to stderr',
    'with a non-zero exit code: 1 for a failed command, 2 for a usage error.',
  ].join('\n');
}

export interface CliEnv {
  resourcesDir: string;
  workerFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs one CLI invocation; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, cliEnv: CliEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out((await import('../../../package.json')).version);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`keel: unknown command '${name}'. Run keel --help for the list.`);
    return 2;
  }
  let booted: Booted | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...cmd.options },
        allowPositionals: cmd.positionals === true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.out(`${cmd.usage}\n${cmd.summary}`);
      return 0;
    }
    const dataDir = resolveDataDir(
      values['data-dir'] as string | undefined,
      cliEnv.env ?? process.env,
    );
    const dispatch = () => {
      booted ??= boot({
        dataDir,
        mode: 'cli',
        resourcesDir: cliEnv.resourcesDir,
        seedDemo: cmd.seedDemo ?? true,
        ...(cliEnv.workerFile ? { workerFile: cliEnv.workerFile } : {}),
      });
      return booted.dispatch;
    };
    return await cmd.run({ values, positionals: parsed.positionals, dispatch, io });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`keel ${name}: ${err.message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    if (err instanceof KeelError) {
      io.err(`keel ${name}: ${err.message}`);
      for (const i of err.issues ?? []) io.err(`  ${i.path}: ${i.message}`);
      return 1;
    }
    io.err(`keel ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await booted?.close();
  }
}

import { runCli } from '../../src/main/cli/run';
import { RESOURCES } from './tmp';

/** `keel …` in-process: exit code and what went to stdout and stderr. */
export async function keel(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { resourcesDir: RESOURCES, env: {} },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

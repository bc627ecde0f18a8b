import type { ParseArgsConfig } from 'node:util';
import type { Dispatch } from '../dispatch';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Opens the store on first use (commands such as help need none). */
  dispatch: () => Dispatch;
  io: CliIo;
}

/** One CLI command = one small module exporting one of these. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether the command takes positional arguments (files). */
  positionals?: boolean;
  /** Whether the first start of an empty database should seed the demo (default true). */
  seedDemo?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {}

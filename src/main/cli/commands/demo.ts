import { callOrThrow } from '../call';
import type { Command } from '../command';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Load the embedded demo portfolio (--reset replaces it)',
  usage: 'keel demo [--reset] [--data-dir DIR]',
  options: { reset: { type: 'boolean', default: false } },
  seedDemo: false,
  async run({ values, dispatch, io }) {
    const result = await callOrThrow(dispatch(), 'demo.load', { reset: values.reset === true });
    io.out(JSON.stringify(result, null, 2));
    return 0;
  },
};

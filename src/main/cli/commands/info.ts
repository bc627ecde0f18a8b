import { callOrThrow } from '../call';
import type { Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Version, data folder, database and schema version, demo source',
  usage: 'keel info [--data-dir DIR]',
  options: {},
  async run({ dispatch, io }) {
    io.out(JSON.stringify(await callOrThrow(dispatch(), 'app.info', {}), null, 2));
    return 0;
  },
};

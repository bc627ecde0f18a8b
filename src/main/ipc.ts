import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../shared/contract';
import type { RpcResult } from '../shared/errors';
import { callChannel } from '../shared/ipc';
import type { Dispatch } from './dispatch';
import { isTrustedSender } from './security';

/** One ipcMain handler per contract entry, each checking the sender frame before dispatch. */
export function bindIpc(ipcMain: IpcMain, dispatch: Dispatch, appUrl: () => string): void {
  for (const name of callNames) {
    ipcMain.handle(
      callChannel(name),
      async (event: IpcMainInvokeEvent, input: unknown): Promise<RpcResult<unknown>> => {
        const frame = event.senderFrame;
        if (
          !isTrustedSender(frame?.url, appUrl(), frame !== null && frame === event.sender.mainFrame)
        ) {
          return {
            ok: false,
            error: {
              code: 'FORBIDDEN',
              message: 'Refused: the call did not come from the Keel window.',
            },
          };
        }
        return dispatch(name, input);
      },
    );
  }
}

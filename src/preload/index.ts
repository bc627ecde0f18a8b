import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KeelBridge } from '../shared/contract';
import { callChannel, EVENT_NAMES, eventChannel } from '../shared/ipc';

// The only bridge: invoke a contract call, listen to progress events. ipcRenderer itself is
// never exposed. Main validates every input; unknown call names have no handler there.
const bridge = {
  invoke: (name, input) => ipcRenderer.invoke(callChannel(String(name)), input),
  on: (event, cb) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event))
      throw new Error(`unknown event ${String(event)}`);
    const listener = (_e: IpcRendererEvent, payload: unknown) => cb(payload as never);
    ipcRenderer.on(eventChannel(event), listener);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), listener);
    };
  },
} satisfies KeelBridge;

contextBridge.exposeInMainWorld('keel', bridge);

// IPC channel names, derived from contract names. No imports: the preload bundles this file.
export const callChannel = (name: string): string => `keel:call:${name}`;
export const eventChannel = (name: string): string => `keel:event:${name}`;
export const EVENT_NAMES = ['progress'] as const;

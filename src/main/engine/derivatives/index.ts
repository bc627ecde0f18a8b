// Public API of the derivatives engine: one export line per file.
export * from './positions';

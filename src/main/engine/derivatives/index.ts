// Public API of the derivatives engine: one export line per file.
export * from './positions';
export * from './pricing';
export * from './greeks';
export * from './inverse';

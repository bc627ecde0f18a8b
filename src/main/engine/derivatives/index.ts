// Public API of the derivatives engine: one export line per file.
export * from './positions';
export * from './pricing';
export * from './greeks';
export * from './inverse';
export * from './margin';
export * from './liquidation';
export * from './funding';
export * from './lending';
export * from './leverage-limits';
export * from './delta-hedge';
export * from './tail-hedge';
export * from './implied-vol';
export * from './smile';
export * from './term-structure';

// The allocation engine's public surface. Each engineer adds only their own modules' lines.
export * from './returns';
export * from './black-litterman';
export * from './linkage';
export * from './hrp';
export * from './herc';
export * from './risk-budget';
export * from './baselines';
export * from './portfolio-stats';
export * from './lp-model';
export * from './lp-text';
export * from './highs-model';
export * from './infeasibility';
export * from './cvar';

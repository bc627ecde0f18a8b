// The allocation engine's public surface. Each engineer adds only their own modules' lines.
export * from './returns';
export * from './black-litterman';
export * from './linkage';
export * from './hrp';
export * from './herc';
export * from './risk-budget';
export * from './baselines';
export * from './portfolio-stats';

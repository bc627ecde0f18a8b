import type { AllocationMethod } from '../../../../shared/allocation';
import { METHODS } from '../../lib/allocation';
import type { ThemeName } from '../../lib/theme';

// One colour per method, the same in the frontier chart and the comparison grid's swatches.
// The theme's ten line colours plus two, each readable on that theme's panel.
const DARK = [
  '#4aa3ff',
  '#f5a524',
  '#3ecf8e',
  '#ff6b8b',
  '#b58cff',
  '#2dd4d4',
  '#e8e36b',
  '#ff8f4d',
  '#9fb3c8',
  '#7bd88f',
  '#e77fe0',
  '#c9a27e',
];
const LIGHT = [
  '#1665c1',
  '#c26a00',
  '#16884f',
  '#c8264e',
  '#6f3fd1',
  '#007f8c',
  '#8a7a00',
  '#c5481a',
  '#4a5a6a',
  '#2f7d32',
  '#a3309c',
  '#7a5230',
];

export function methodColour(theme: ThemeName, m: AllocationMethod): string {
  const i = METHODS.findIndex((x) => x.id === m);
  const list = theme === 'dark' ? DARK : LIGHT;
  return list[(i < 0 ? 0 : i) % list.length]!;
}

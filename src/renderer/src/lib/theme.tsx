import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export type ThemeName = 'dark' | 'light';

const ThemeContext = createContext<{ theme: ThemeName; toggle: () => void }>({
  theme: 'dark',
  toggle: () => {},
});

const initialTheme = (): ThemeName => {
  const saved = localStorage.getItem('keel.theme');
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
};

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('keel.theme', theme);
  }, [theme]);
  return (
    <ThemeContext.Provider
      value={{ theme, toggle: () => setTheme((t) => (t === 'dark' ? 'light' : 'dark')) }}
    >
      {children}
    </ThemeContext.Provider>
  );
}

export const useTheme = () => useContext(ThemeContext);

/** Colours for canvases (charts) that cannot read CSS variables. */
export const chartPalette = (theme: ThemeName) =>
  theme === 'dark'
    ? {
        background: '#131a23',
        text: '#c7d0db',
        grid: '#1f2935',
        line: '#4aa3ff',
        areaTop: 'rgba(74,163,255,0.35)',
        areaBottom: 'rgba(74,163,255,0.02)',
        price: '#f5a524',
      }
    : {
        background: '#ffffff',
        text: '#27323f',
        grid: '#e8edf2',
        line: '#1665c1',
        areaTop: 'rgba(22,101,193,0.28)',
        areaBottom: 'rgba(22,101,193,0.02)',
        price: '#c26a00',
      };

/** Distinct line colours for multi-line charts, each readable on its theme's chart background. */
export const seriesColours = (theme: ThemeName): string[] =>
  theme === 'dark'
    ? [
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
      ]
    : [
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
      ];

/** Colours of a loss area (the drawdown chart). */
export const lossPalette = (theme: ThemeName) =>
  theme === 'dark'
    ? { line: '#ff5d5d', fillTop: 'rgba(255,93,93,0.08)', fillBottom: 'rgba(255,93,93,0.45)' }
    : { line: '#c62828', fillTop: 'rgba(198,40,40,0.06)', fillBottom: 'rgba(198,40,40,0.35)' };

type Rgb = [number, number, number];

/** Ends and middle of the diverging correlation scale: blue for −1, the panel colour for 0, red for +1. */
const heatStops = (theme: ThemeName): { neg: Rgb; mid: Rgb; pos: Rgb } =>
  theme === 'dark'
    ? { neg: [47, 128, 237], mid: [27, 36, 48], pos: [229, 72, 77] }
    : { neg: [13, 71, 161], mid: [255, 255, 255], pos: [183, 28, 28] };

const luminance = ([r, g, b]: Rgb) => {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Background and text colour of a correlation cell in [−1, 1]; the text keeps the better contrast. */
export function heatColour(value: number, theme: ThemeName): { background: string; color: string } {
  const { neg, mid, pos } = heatStops(theme);
  const v = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  const end = v >= 0 ? pos : neg;
  const t = Math.abs(v);
  const rgb = mid.map((m, i) => Math.round(m + (end[i]! - m) * t)) as Rgb;
  const l = luminance(rgb);
  const light = 0.93; // about #f5f7fa
  const dark = 0.006; // about #0d1218
  return {
    background: `rgb(${rgb.join(',')})`,
    color: contrast(l, light) >= contrast(l, dark) ? '#f5f7fa' : '#0d1218',
  };
}

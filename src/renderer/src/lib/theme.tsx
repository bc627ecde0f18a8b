import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export type ThemeName = 'dark' | 'light';

const ThemeContext = createContext<{ theme: ThemeName; toggle: () => void }>({ theme: 'dark', toggle: () => {} });

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
  return <ThemeContext.Provider value={{ theme, toggle: () => setTheme((t) => (t === 'dark' ? 'light' : 'dark')) }}>{children}</ThemeContext.Provider>;
}

export const useTheme = () => useContext(ThemeContext);

/** Colours for canvases (charts) that cannot read CSS variables. */
export const chartPalette = (theme: ThemeName) =>
  theme === 'dark'
    ? { background: '#131a23', text: '#c7d0db', grid: '#1f2935', line: '#4aa3ff', areaTop: 'rgba(74,163,255,0.35)', areaBottom: 'rgba(74,163,255,0.02)', price: '#f5a524' }
    : { background: '#ffffff', text: '#27323f', grid: '#e8edf2', line: '#1665c1', areaTop: 'rgba(22,101,193,0.28)', areaBottom: 'rgba(22,101,193,0.02)', price: '#c26a00' };

import { compactGridThemes } from '../../lib/grid';

/** The Hedge view's grids: the compact theme with shorter rows, so a desk sees more at once. */
export const hedgeGridThemes = {
  dark: compactGridThemes.dark.withParams({ rowHeight: 32, headerHeight: 36 }),
  light: compactGridThemes.light.withParams({ rowHeight: 32, headerHeight: 36 }),
};

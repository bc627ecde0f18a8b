import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnAutoSizeModule,
  ModuleRegistry,
  NumberFilterModule,
  PinnedRowModule,
  RowStyleModule,
  TextFilterModule,
  TooltipModule,
  colorSchemeDarkBlue,
  colorSchemeLight,
  themeQuartz,
} from 'ag-grid-community';

// The AG Grid features the workstation's grids use (registering a module twice is harmless),
// and the grid theme per app theme.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule, // forEachNodeAfterFilter (the Holdings totals row)
  TextFilterModule,
  NumberFilterModule,
  PinnedRowModule,
  RowStyleModule,
  CellStyleModule,
  ColumnAutoSizeModule,
  TooltipModule,
]);

export const gridThemes = {
  dark: themeQuartz
    .withPart(colorSchemeDarkBlue)
    .withParams({ fontSize: 13, headerFontWeight: 600 }),
  light: themeQuartz.withPart(colorSchemeLight).withParams({ fontSize: 13, headerFontWeight: 600 }),
};

/** Compact variant for dense matrices (the correlation heatmap). */
export const denseGridThemes = {
  dark: gridThemes.dark.withParams({
    cellHorizontalPadding: 4,
    rowHeight: 30,
    headerHeight: 32,
    headerFontSize: 11,
  }),
  light: gridThemes.light.withParams({
    cellHorizontalPadding: 4,
    rowHeight: 30,
    headerHeight: 32,
    headerFontSize: 11,
  }),
};

/** Narrower cell padding for wide tables of figures (the per-asset risk table). */
export const compactGridThemes = {
  dark: gridThemes.dark.withParams({ cellHorizontalPadding: 10 }),
  light: gridThemes.light.withParams({ cellHorizontalPadding: 10 }),
};

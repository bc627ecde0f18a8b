import { useEffect, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  ModuleRegistry,
  RowApiModule,
  ScrollApiModule,
  type ColDef,
  type GetRowIdParams,
  type RowClassParams,
} from 'ag-grid-community';
import { gridThemes } from '../lib/grid';
import { useTheme } from '../lib/theme';

// Finding a row by id and scrolling it into view (a row just added or edited).
ModuleRegistry.registerModules([RowApiModule, ScrollApiModule]);

interface Props<T> {
  rows: T[];
  columns: ColDef<T>[];
  testId: string;
  height?: number;
  getRowId?: (p: GetRowIdParams<T>) => string;
  onRowClicked?: (row: T) => void;
  rowClass?: (p: RowClassParams<T>) => string | undefined;
  /** A row id (getRowId) to scroll into view whenever it or the rows change. */
  showRowId?: string | null;
}

/** A themed AG Grid with sort, resize and column filters, for the Data view's tables. */
export function DataGrid<T>({
  rows,
  columns,
  testId,
  height = 420,
  getRowId,
  onRowClicked,
  rowClass,
  showRowId = null,
}: Props<T>) {
  const { theme } = useTheme();
  const grid = useRef<AgGridReact<T>>(null);
  const reveal = () => {
    const api = grid.current?.api;
    if (!api || showRowId === null) return;
    const node = api.getRowNode(showRowId);
    if (node) api.ensureNodeVisible(node, 'middle');
  };
  useEffect(reveal);
  return (
    <div className="grid" style={{ height }} data-testid={testId}>
      <AgGridReact<T>
        ref={grid}
        theme={gridThemes[theme]}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true, filter: 'agTextColumnFilter' }}
        getRowId={getRowId}
        onRowClicked={(e) => e.data && onRowClicked?.(e.data)}
        getRowClass={rowClass}
        onRowDataUpdated={reveal}
        animateRows={false}
      />
    </div>
  );
}

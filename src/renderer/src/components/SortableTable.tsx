import { useMemo, useState, type ReactNode } from 'react';

export interface TableColumn<R> {
  id: string;
  header: string;
  /** Columns sharing a group are drawn under one spanning header. */
  group?: string;
  tooltip?: string;
  numeric?: boolean;
  value: (row: R) => number | string | null | undefined;
  format?: (value: ReturnType<TableColumn<R>['value']>, row: R) => ReactNode;
  /** Orders two values; by default numbers numerically, text by locale, missing values last. */
  compare?: (
    a: ReturnType<TableColumn<R>['value']>,
    b: ReturnType<TableColumn<R>['value']>,
  ) => number;
  cellClass?: (value: ReturnType<TableColumn<R>['value']>) => string | undefined;
}

type Sort = { id: string; dir: 'asc' | 'desc' };

const defaultCompare = (a: unknown, b: unknown): number => {
  const missingA = a === null || a === undefined;
  const missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
};

/**
 * Rows ordered by one column: its own comparator if it has one (applied as is, reversed for
 * descending), else numbers numerically and text by locale with missing values last either way.
 */
export function sortRows<R>(rows: R[], col: TableColumn<R>, dir: 'asc' | 'desc'): R[] {
  const sign = dir === 'asc' ? 1 : -1;
  const missing = (v: unknown) => v === null || v === undefined;
  return [...rows].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    if (col.compare) return sign * col.compare(va, vb);
    if (missing(va) || missing(vb)) return defaultCompare(va, vb);
    return sign * defaultCompare(va, vb);
  });
}

/** The header's last word and the sort mark never part, however the header wraps. */
function headerWithMark(header: string, dir: Sort['dir'] | null): ReactNode {
  const cut = header.lastIndexOf(' ') + 1;
  return (
    <>
      {header.slice(0, cut)}
      <span className="sort-tail">
        {header.slice(cut)}
        <span className="sort-mark" aria-hidden="true">
          {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
        </span>
      </span>
    </>
  );
}

/**
 * A read-only table of a few dozen rows that sorts by any column (click a header, again to
 * reverse), with grouped headers, tooltips and a sticky first column. It renders as a plain
 * <table>: summary tables that do not need editing, filtering or virtualisation stay cheap.
 */
export function SortableTable<R>({
  rows,
  columns,
  rowKey,
  rowClass,
  initialSort,
  testId,
  label,
}: {
  rows: R[];
  columns: TableColumn<R>[];
  rowKey: (row: R) => string;
  rowClass?: (row: R) => string | undefined;
  initialSort?: Sort;
  testId: string;
  label: string;
}) {
  const [sort, setSort] = useState<Sort | null>(initialSort ?? null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.id === sort.id);
    return col ? sortRows(rows, col, sort.dir) : rows;
  }, [rows, columns, sort]);

  const groups = useMemo(() => {
    const out: { name: string | undefined; span: number }[] = [];
    for (const c of columns) {
      const last = out[out.length - 1];
      if (last && last.name === c.group) last.span++;
      else out.push({ name: c.group, span: 1 });
    }
    return out;
  }, [columns]);
  const grouped = groups.some((g) => g.name !== undefined);

  const toggle = (id: string, numeric: boolean | undefined) =>
    setSort((s) =>
      s?.id === id
        ? { id, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { id, dir: numeric ? 'desc' : 'asc' },
    );

  return (
    <div className="table-scroll" data-testid={testId}>
      <table className="plain-table sortable-table" aria-label={label}>
        <thead>
          {grouped && (
            <tr className="group-row">
              {groups.map((g, i) => (
                <th key={i} colSpan={g.span} scope="colgroup">
                  {g.name ?? ''}
                </th>
              ))}
            </tr>
          )}
          <tr>
            {columns.map((c) => {
              const dir = sort?.id === c.id ? sort.dir : null;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  title={c.tooltip}
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  data-col={c.id}
                >
                  <button type="button" onClick={() => toggle(c.id, c.numeric)}>
                    {headerWithMark(c.header, dir)}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)} className={rowClass?.(r)}>
              {columns.map((c, i) => {
                const v = c.value(r);
                const text = c.format ? c.format(v, r) : (v ?? '—');
                const cls = [c.numeric ? 'num' : '', c.cellClass?.(v) ?? ''].join(' ').trim();
                return i === 0 ? (
                  <th key={c.id} scope="row" className={cls || undefined} data-col={c.id}>
                    {text}
                  </th>
                ) : (
                  <td key={c.id} className={cls || undefined} data-col={c.id}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

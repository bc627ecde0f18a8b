import { describe, expect, it } from 'vitest';
import { sortRows, type TableColumn } from '../../src/renderer/src/components/SortableTable';

// The per-asset table's ordering: numbers numerically (not as text), text by locale, missing
// values after the rest whichever way a column is sorted, and a column's own comparator.
interface R {
  s: string;
  x: number | null;
}
const rows: R[] = [
  { s: 'b', x: 10 },
  { s: 'a', x: null },
  { s: 'C', x: 9 },
  { s: 'd', x: -1 },
];
const byX: TableColumn<R> = { id: 'x', header: 'X', numeric: true, value: (r) => r.x };
const byS: TableColumn<R> = { id: 's', header: 'S', value: (r) => r.s };

describe('sortRows', () => {
  it('sorts numbers numerically, missing last both ways', () => {
    expect(sortRows(rows, byX, 'asc').map((r) => r.x)).toEqual([-1, 9, 10, null]);
    expect(sortRows(rows, byX, 'desc').map((r) => r.x)).toEqual([10, 9, -1, null]);
  });

  it('sorts text by locale (case-insensitive order), and leaves the input alone', () => {
    expect(sortRows(rows, byS, 'asc').map((r) => r.s)).toEqual(['a', 'b', 'C', 'd']);
    expect(rows.map((r) => r.s)).toEqual(['b', 'a', 'C', 'd']);
  });

  it('uses a column’s comparator, reversed for descending', () => {
    // missing = no traded volume = least liquid: sorts as infinitely many days
    const days: TableColumn<R> = {
      ...byX,
      compare: (a, b) => ((a as number | null) ?? Infinity) - ((b as number | null) ?? Infinity),
    };
    expect(sortRows(rows, days, 'asc').map((r) => r.x)).toEqual([-1, 9, 10, null]);
    expect(sortRows(rows, days, 'desc').map((r) => r.x)).toEqual([null, 10, 9, -1]);
  });
});

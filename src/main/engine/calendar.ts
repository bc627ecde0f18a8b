// UTC calendar days: crypto trades every day, so daily series are indexed by day number.
const MS_PER_DAY = 86_400_000;

export const dayNumber = (isoDate: string): number =>
  Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY;
export const isoFromDay = (day: number): string =>
  new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** Every calendar day from first to last inclusive. */
export function dayRange(first: string, last: string): string[] {
  const a = dayNumber(first);
  const b = dayNumber(last);
  const out: string[] = [];
  for (let d = a; d <= b; d++) out.push(isoFromDay(d));
  return out;
}

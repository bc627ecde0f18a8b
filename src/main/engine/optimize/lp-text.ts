// Writes an LpModel in CPLEX LP format as HiGHS's reader takes it. Pitfalls this avoids (each
// one is pinned by a test in test/optimize/highs-model.test.ts):
// - ranged rows "lo <= expr <= hi" abort the HiGHS wasm reader: they are written as two rows;
// - "x <= -1" alone keeps the default lower bound 0 (an infeasible box): both bounds are always
//   written ("-inf <= x <= -1", "x free", "lo <= x <= hi");
// - names starting with "inf" or "e<digits>" read as numbers: variables are x<j>, rows c<k>;
// - numbers are JavaScript's shortest round-trip form (String(v)), which HiGHS parses exactly,
//   exponent forms "1e-7" and "1.5e+21" included;
// - integer variables go to "General" with their explicit bounds (a "Binary" section would
//   override bounds);
// - long rows are wrapped, TERMS_PER_LINE terms a line, well under the 255/560-character limits
//   older LP readers impose.
import type { LpModel } from './lp-model';

const TERMS_PER_LINE = 8;

export const varName = (j: number): string => `x${j}`;

/** Appends "head 2 x0 + 3 x1 - 4 x2 …" (entries from..to-1) to out, wrapping long rows. */
function pushTerms(
  out: string[],
  head: string,
  names: readonly string[],
  idx: ArrayLike<number>,
  val: ArrayLike<number>,
  from: number,
  to: number,
): void {
  let line = head;
  for (let p = from, k = 0; p < to; p++, k++) {
    const a = val[p]!;
    const name = names[idx[p]!]!;
    if (k > 0 && k % TERMS_PER_LINE === 0) {
      out.push(line);
      line = ' ';
    }
    if (k === 0) line += ' ' + a + ' ' + name;
    else if (a < 0) line += ' - ' + -a + ' ' + name;
    else line += ' + ' + a + ' ' + name;
  }
  out.push(line);
}

/** The model as CPLEX LP text. Variables are named x0, x1… in model order. */
export function lpText(lp: LpModel): string {
  const nVars = lp.cost.length;
  if (nVars === 0) throw new RangeError('LP model has no variables');
  const out: string[] = [lp.sense === 'maximize' ? 'Maximize' : 'Minimize'];
  const names = Array.from({ length: nVars }, (_, j) => varName(j));

  const objIdx: number[] = [];
  const objVal: number[] = [];
  for (let j = 0; j < nVars; j++)
    if (lp.cost[j] !== 0) {
      objIdx.push(j);
      objVal.push(lp.cost[j]!);
    }
  if (objIdx.length === 0) out.push(` obj: 0 ${varName(0)}`);
  else pushTerms(out, ' obj:', names, objIdx, objVal, 0, objIdx.length);

  out.push('Subject To');
  let k = 0;
  const zero = [0];
  const first = [0];
  for (let r = 0; r < lp.rowLo.length; r++) {
    const lo = lp.rowLo[r]!;
    const hi = lp.rowHi[r]!;
    if (lo === -Infinity && hi === Infinity) continue; // a free row constrains nothing
    let from = lp.rowStart[r]!;
    let to = lp.rowStart[r + 1]!;
    let idx: ArrayLike<number> = lp.rowIndex;
    let val: ArrayLike<number> = lp.rowValue;
    if (from === to) {
      // an empty row still decides feasibility (0 >= 1 is infeasible): keep it as "0 x0"
      idx = first;
      val = zero;
      from = 0;
      to = 1;
    }
    const sides: [string, number][] = [];
    if (lo === hi) sides.push(['=', lo]);
    else {
      if (lo !== -Infinity) sides.push(['>=', lo]);
      if (hi !== Infinity) sides.push(['<=', hi]);
    }
    for (const [op, rhs] of sides) {
      pushTerms(out, ` c${k++}:`, names, idx, val, from, to);
      out[out.length - 1] += ` ${op} ${rhs}`;
    }
  }

  out.push('Bounds');
  for (let j = 0; j < nVars; j++) {
    const lo = lp.lb[j]!;
    const hi = lp.ub[j]!;
    const name = names[j]!;
    if (lo === hi) out.push(` ${name} = ${lo}`);
    else if (lo === -Infinity)
      out.push(hi === Infinity ? ` ${name} free` : ` -inf <= ${name} <= ${hi}`);
    else out.push(hi === Infinity ? ` ${name} >= ${lo}` : ` ${lo} <= ${name} <= ${hi}`);
  }

  const ints: string[] = [];
  for (let j = 0; j < nVars; j++) if (lp.integer[j]) ints.push(names[j]!);
  if (ints.length) {
    out.push('General');
    for (let p = 0; p < ints.length; p += TERMS_PER_LINE)
      out.push(` ${ints.slice(p, p + TERMS_PER_LINE).join(' ')}`);
  }
  out.push('End', '');
  return out.join('\n');
}

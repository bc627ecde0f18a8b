import type { HedgeReport } from '../../../shared/hedge';
import { callOrThrow } from '../call';
import type { Command } from '../command';
import { num } from '../flags';

const usd = (x: number) => `${x < 0 ? '-' : ''}$${Math.abs(Math.round(x)).toLocaleString('en-US')}`;

async function report(
  values: Record<string, string | boolean | undefined>,
  dispatch: Parameters<Command['run']>[0]['dispatch'],
) {
  return callOrThrow(dispatch(), 'hedge.report', {
    portfolio: values.portfolio as string | undefined,
    asOf: values['as-of'] as string | undefined,
    params: Object.fromEntries(
      Object.entries({
        underlying: values.underlying,
        downside: num(values.downside, 'downside'),
        maxLoss: num(values['max-loss'], 'max-loss'),
        budget: num(values.budget, 'budget'),
        horizonDays: num(values['horizon-days'], 'horizon-days'),
      }).filter(([, v]) => v !== undefined),
    ) as never,
  });
}

const COMMON = {
  portfolio: { type: 'string' },
  'as-of': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function greeksText(r: HedgeReport): string {
  const lines = [
    `Greeks as of ${r.asOf} (raw: vega per 1.00 vol, theta per year; desk: $delta, $gamma per 1 %, vega per vol point, theta per day)`,
  ];
  lines.push('underlying        delta      $delta   $gamma1%   vega/pt   theta/day');
  for (const u of r.greeks.byUnderlying)
    lines.push(
      `${u.underlying.padEnd(10)} ${u.delta.toFixed(3).padStart(12)} ${usd(u.dollarDelta).padStart(11)} ${usd(u.dollarGamma1pct).padStart(10)} ${usd(u.vegaPerPoint).padStart(9)} ${usd(u.thetaPerDay).padStart(11)}`,
    );
  return [...lines, ...r.warnings.map((w) => `warning: ${w}`)].join('\n');
}

export const greeksCommand: Command = {
  name: 'greeks',
  summary:
    'Greeks of a stored portfolio per position, underlying and expiry (raw derivatives in --json)',
  usage: 'keel greeks [--portfolio NAME] [--as-of DATE] [--json]',
  options: COMMON,
  async run({ values, dispatch, io }) {
    const r = await report(values, dispatch);
    io.out(
      values.json
        ? JSON.stringify({ asOf: r.asOf, underlyings: r.underlyings, ...r.greeks }, null, 2)
        : greeksText(r),
    );
    return 0;
  },
};

export const hedgeCommand: Command = {
  name: 'hedge',
  summary:
    'Delta-neutral and tail-hedge proposals, margin, liquidation and leverage limits of a stored portfolio',
  usage:
    'keel hedge [--portfolio NAME] [--as-of DATE] [--underlying BTC] [--downside 0.3] [--max-loss 0.1]\n' +
    '  [--budget 0.02] [--horizon-days 7] [--json]\n' +
    '  --max-loss and --budget are fractions of the hedged exposure; --downside the fall to protect against.',
  options: {
    ...COMMON,
    underlying: { type: 'string' },
    downside: { type: 'string' },
    'max-loss': { type: 'string' },
    budget: { type: 'string' },
    'horizon-days': { type: 'string' },
  },
  async run({ values, dispatch, io }) {
    const r = await report(values, dispatch);
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            asOf: r.asOf,
            deltaHedges: r.deltaHedges,
            tailHedge: r.tailHedge,
            perps: r.perps,
            lending: r.lending,
            leverage: r.leverage,
            warnings: r.warnings,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const lines: string[] = [`Hedges as of ${r.asOf}`];
    for (const d of r.deltaHedges) {
      const p = d.proposals[0];
      if (p)
        lines.push(
          `${d.underlying}: net delta ${d.netDelta.toFixed(3)} → ${p.side} ${Math.abs(p.contracts).toFixed(3)} ${p.instrument} (${usd(p.notionalUsd)}), funding ${p.costPerDayUsd > 0 ? 'costs' : 'earns'} ${usd(Math.abs(p.costPerDayUsd))} a day`,
        );
    }
    const t = r.tailHedge;
    if (t) {
      lines.push(
        `Tail hedge on ${t.underlying}: exposure ${usd(t.exposureUsd)}, unhedged worst loss ${usd(t.unhedgedWorstLossUsd)} down to ${usd(t.rangeLow)}; cap ${usd(t.maxLossUsd)}, budget ${usd(t.budgetUsd)}`,
      );
      for (const s of t.structures.filter((x) => x.feasible).slice(0, 5))
        lines.push(
          `  ${s.kind} ${s.expiryDate}: ${s.description}; cost ${usd(s.costUsd)}, worst loss ${usd(s.worstLossUsd)}`,
        );
    }
    for (const p of r.perps)
      lines.push(
        `${p.symbol}: liquidation ${p.liquidationPrice === null ? p.liquidationStatus : usd(p.liquidationPrice)} (${p.note})`,
      );
    for (const l of r.lending)
      lines.push(`${l.account}: health factor ${l.healthFactor?.toFixed(3) ?? '∞'}`);
    io.out([...lines, ...r.warnings.map((w) => `warning: ${w}`)].join('\n'));
    return 0;
  },
};

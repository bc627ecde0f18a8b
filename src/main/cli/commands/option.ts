import { callOrThrow } from '../call';
import { UsageError, type Command } from '../command';
import { num } from '../flags';

const CONTRACT_FLAGS = {
  kind: { type: 'string' },
  spot: { type: 'string' },
  strike: { type: 'string' },
  years: { type: 'string' },
  rate: { type: 'string' },
  yield: { type: 'string' },
  model: { type: 'string' },
  inverse: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

/** The option contract from the shared flags; required ones are usage errors when missing. */
export function contractFlags(values: Record<string, string | boolean | undefined>) {
  for (const f of ['kind', 'spot', 'strike', 'years'])
    if (values[f] === undefined) throw new UsageError(`--${f} is required`);
  const model = values.model === undefined ? undefined : String(values.model);
  if (model !== undefined && model !== 'black-scholes' && model !== 'black76')
    throw new UsageError(`--model is black-scholes or black76, got '${model}'`);
  if (model === 'black76' && values.yield !== undefined)
    throw new UsageError('--yield applies to Black-Scholes; Black-76 takes the forward as --spot');
  return Object.fromEntries(
    Object.entries({
      kind: values.kind,
      spot: num(values.spot, 'spot'),
      strike: num(values.strike, 'strike'),
      years: num(values.years, 'years'),
      rate: num(values.rate, 'rate'),
      yield: num(values.yield, 'yield'),
      model,
      inverse: values.inverse === true,
    }).filter(([, v]) => v !== undefined),
  );
}

const fmt = (o: Record<string, number | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k.padEnd(10)} ${v!.toPrecision(10)}`)
    .join('\n');

export const optionCommand: Command = {
  name: 'option',
  summary:
    'Price and raw Greeks of a European option (vega per 1.00 vol, theta per year, rho per 1.00 rate)',
  usage:
    'keel option --kind call|put --spot S --strike K --years T --vol V [--rate R] [--yield Q]\n' +
    '  [--model black-scholes|black76] [--inverse] [--json]\n' +
    '  Black-76 reads --spot as the forward. --inverse: premium and Greeks in coins (Deribit), plus coinDelta.',
  options: { ...CONTRACT_FLAGS, vol: { type: 'string' } },
  seedDemo: false,
  async run({ values, dispatch, io }) {
    if (values.vol === undefined) throw new UsageError('--vol is required');
    const q = await callOrThrow(dispatch(), 'options.quote', {
      ...contractFlags(values),
      vol: num(values.vol, 'vol')!,
    } as never);
    io.out(values.json ? JSON.stringify(q, null, 2) : fmt(q));
    return 0;
  },
};

export const impliedVolCommand: Command = {
  name: 'implied-vol',
  summary: 'Implied volatility of an option premium, or why there is none',
  usage:
    'keel implied-vol --kind call|put --spot S --strike K --years T --price P [--rate R] [--yield Q]\n' +
    '  [--model black-scholes|black76] [--inverse] [--json]\n' +
    '  --price is in USD, or in coins with --inverse. Exit code 3 when no volatility fits the price.',
  options: { ...CONTRACT_FLAGS, price: { type: 'string' } },
  seedDemo: false,
  async run({ values, dispatch, io }) {
    if (values.price === undefined) throw new UsageError('--price is required');
    const r = await callOrThrow(dispatch(), 'options.impliedVol', {
      ...contractFlags(values),
      price: num(values.price, 'price')!,
    } as never);
    if (!r.ok) {
      if (values.json)
        io.out(JSON.stringify({ vol: null, reason: r.reason, message: r.message }, null, 2));
      else io.err(`no implied volatility: ${r.message}`);
      return 3;
    }
    io.out(values.json ? JSON.stringify({ vol: r.vol }, null, 2) : `vol ${r.vol.toPrecision(10)}`);
    return 0;
  },
};

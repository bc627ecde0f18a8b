import type { InstrumentSummary, SeriesPoint } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { instrumentIdBySymbol, listInstruments } from '../store/instruments';
import { priceSeries } from '../store/prices';
import type { ServiceContext } from './context';

export function instruments(ctx: ServiceContext): InstrumentSummary[] {
  return listInstruments(ctx.store.db).map((i) => ({
    symbol: i.symbol,
    name: i.name,
    kind: i.kind as InstrumentSummary['kind'],
    assetClass: i.assetClass,
    chain: i.chain,
    firstDate: i.firstDate,
    lastDate: i.lastDate,
    modelled: (JSON.parse(i.attrs) as { modelled?: boolean }).modelled === true,
  }));
}

export function prices(
  ctx: ServiceContext,
  input: { symbol: string; from?: string | undefined; to?: string | undefined },
): { symbol: string; points: SeriesPoint[] } {
  const id = instrumentIdBySymbol(ctx.store.db, input.symbol.toUpperCase());
  if (id === undefined)
    throw new KeelError('NOT_FOUND', `Unknown instrument '${input.symbol}'.`, [
      { path: 'symbol', message: 'unknown instrument' },
    ]);
  if (input.from && input.to && input.from > input.to) {
    throw new KeelError('VALIDATION', `from (${input.from}) is after to (${input.to}).`, [
      { path: 'from', message: 'after to' },
    ]);
  }
  const points = priceSeries(ctx.store.db, id, input.from, input.to).map((r) => ({
    date: r.date,
    value: r.close,
  }));
  return { symbol: input.symbol.toUpperCase(), points };
}

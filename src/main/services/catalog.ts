import type { InstrumentSummary, SeriesPoint } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { instrumentIdBySymbol, listInstruments } from '../store/instruments';
import { priceSeries } from '../store/prices';
import type { ServiceContext } from './context';

export function instruments(ctx: ServiceContext): InstrumentSummary[] {
  const tags = new Map<number, { dimension: string; name: string }[]>();
  for (const t of ctx.store.db
    .prepare(
      'SELECT it.instrument_id AS id, t.dimension, t.name FROM instrument_tags it JOIN tags t ON t.id = it.tag_id ORDER BY t.dimension, t.name',
    )
    .all() as { id: number; dimension: string; name: string }[]) {
    if (!tags.has(t.id)) tags.set(t.id, []);
    tags.get(t.id)!.push({ dimension: t.dimension, name: t.name });
  }
  return listInstruments(ctx.store.db).map((i) => ({
    symbol: i.symbol,
    name: i.name,
    kind: i.kind as InstrumentSummary['kind'],
    assetClass: i.assetClass,
    chain: i.chain,
    firstDate: i.firstDate,
    lastDate: i.lastDate,
    modelled: (JSON.parse(i.attrs) as { modelled?: boolean }).modelled === true,
    quoteCurrency: i.quoteCurrency,
    attrs: JSON.parse(i.attrs) as Record<string, unknown>,
    tags: tags.get(i.id) ?? [],
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

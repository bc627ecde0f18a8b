import type { CallName, CallOutput, ParsedInput } from '../shared/contract';
import { getMeta } from './store/meta';
import { instruments, prices } from './services/catalog';
import type { CallContext, ServiceContext } from './services/context';
import { demoInfo, loadDemo } from './services/demo';
import { valueHistory, weightsHistory } from './services/history';
import { holdingsReport } from './services/holdings';
import {
  addTransaction,
  listAccounts,
  listTransactions,
  removeAccount,
  removeTransaction,
  saveAccount,
  saveInstrument,
  updateTransaction,
} from './services/book';
import {
  exportPortfolio,
  holdingsCsv,
  importPortfolio,
  transactionsCsv,
} from './services/exchange';
import { listPresets, runImport, savePreset } from './services/imports';
import { portfolioSummaries, savePortfolio } from './services/portfolios';
import { portfolioRisk, seriesRisk } from './services/risk';
import { impliedVol, optionQuote } from './services/options';
import { portfolioHedge } from './services/hedge';
import {
  allocationRun,
  allocationRuns,
  deletePolicyOf,
  policiesOf,
  portfolioAllocation,
  savePolicyOf,
  seriesAllocation,
} from './services/allocation';
import type { TaskRegistry } from './tasks';

export type Handler<N extends CallName> = (
  input: ParsedInput<N>,
  call: CallContext,
) => CallOutput<N> | Promise<CallOutput<N>>;
export type Handlers = { [N in CallName]: Handler<N> };

/** Thin bindings of every contract entry to its service. TypeScript checks none is missing. */
export function createHandlers(ctx: ServiceContext, tasks: TaskRegistry): Handlers {
  return {
    'app.info': () => ({
      version: ctx.version,
      mode: ctx.mode,
      dataDir: ctx.dataDir,
      dbPath: ctx.store.path,
      schemaVersion: ctx.store.schemaVersion,
      demo: getMeta(ctx.store.db, 'demo.asOf') ? demoInfo(ctx) : null,
    }),
    'portfolios.list': () => portfolioSummaries(ctx.store.db),
    'portfolios.save': (input) => savePortfolio(ctx, input),
    'holdings.get': (input) => holdingsReport(ctx, input),
    'history.value': (input, call) => valueHistory(ctx, input, call),
    'history.weights': (input, call) => weightsHistory(ctx, input, call),
    'instruments.list': () => instruments(ctx),
    'prices.series': (input) => prices(ctx, input),
    'demo.load': (input, call) => loadDemo(ctx, input, call),
    'risk.portfolio': (input, call) => portfolioRisk(ctx, input, call),
    'risk.series': (input, call) => seriesRisk(ctx, input, call),
    'allocation.run': (input, call) => portfolioAllocation(ctx, input, call),
    'allocation.series': (input, call) => seriesAllocation(ctx, input, call),
    'allocation.policies': (input) => policiesOf(ctx, input.portfolio),
    'allocation.savePolicy': (input) => savePolicyOf(ctx, input),
    'allocation.deletePolicy': (input) => deletePolicyOf(ctx, input.portfolio, input.name),
    'allocation.runs': (input) => allocationRuns(ctx, input.limit),
    'allocation.getRun': (input) => allocationRun(ctx, input.id),
    'hedge.report': (input, call) => portfolioHedge(ctx, input, call),
    'options.quote': (input) => optionQuote(input),
    'options.impliedVol': (input) => impliedVol(input),
    'accounts.list': (input) => listAccounts(ctx, input),
    'accounts.save': (input) => saveAccount(ctx, input),
    'accounts.delete': (input) => removeAccount(ctx, input),
    'instruments.save': (input) => saveInstrument(ctx, input),
    'transactions.list': (input) => listTransactions(ctx, input),
    'transactions.add': (input) => addTransaction(ctx, input),
    'transactions.update': (input) => updateTransaction(ctx, input),
    'transactions.delete': (input) => removeTransaction(ctx, input),
    'export.json': (input) => exportPortfolio(ctx, input),
    'import.json': (input) => importPortfolio(ctx, input),
    'export.csv': (input) => {
      if (input.what === 'transactions')
        return { fileName: 'transactions.csv', csv: transactionsCsv(ctx, input) };
      const report = holdingsReport(ctx, input);
      const ccy = report.currency && report.currency !== 'USD' ? `-${report.currency}` : '';
      return { fileName: `holdings-${report.asOf}${ccy}.csv`, csv: holdingsCsv(report) };
    },
    'import.presets': () => listPresets(ctx),
    'import.savePreset': (input) => savePreset(ctx, input),
    'import.run': (input, call) => runImport(ctx, input, call),
    'tasks.cancel': (input) => ({ cancelled: tasks.cancel(input.taskId) }),
  };
}

export interface ViewSpec {
  id: string;
  label: string;
  built: boolean;
  plan: string;
}

// Every view of the workstation, in navigation order; the ones not built yet say so plainly.
export const VIEWS: ViewSpec[] = [
  { id: 'holdings', label: 'Holdings', built: true, plan: '' },
  {
    id: 'risk',
    label: 'Risk',
    built: true,
    plan: 'Correlations, heavy tails, VaR and Expected Shortfall by several methods, risk contributions and liquidity.',
  },
  {
    id: 'allocate',
    label: 'Allocate',
    built: true,
    plan: 'Optimal weights under a desk’s constraints: efficient frontier, risk parity, HRP, minimum CVaR.',
  },
  {
    id: 'hedge',
    label: 'Hedge',
    built: true,
    plan: 'Option and perpetual Greeks, liquidation thresholds, delta-neutral overlays and tail-risk puts.',
  },
  {
    id: 'stress',
    label: 'Stress',
    built: false,
    plan: 'Historical and hypothetical shocks, deleveraging cascades and depegs applied to the book.',
  },
  {
    id: 'rebalance',
    label: 'Rebalance',
    built: false,
    plan: 'Liquidity-aware trade lists from current to target weights, with costs and venue limits.',
  },
  {
    id: 'data',
    label: 'Data',
    built: true,
    plan: 'Imports (exchange exports, prices, option chains), the transaction ledger, accounts and instruments.',
  },
  {
    id: 'reports',
    label: 'Reports',
    built: false,
    plan: 'Exportable risk and allocation reports built from stored runs.',
  },
];

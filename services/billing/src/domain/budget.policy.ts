import { decimalToPicos, percentOf } from './money';

export interface BudgetState {
  /** Monthly budget as a decimal string; null = no budget. */
  budget: string | null;
  /** Month-to-date spend (decimal string) in the budget's currency. */
  spent: string;
  /** Soft alert thresholds in percent, e.g. [50, 80]; 100 is always the hard limit. */
  alertPercents: readonly number[];
}

export interface BudgetDecision {
  /** Soft thresholds crossed (each to be raised once per period). */
  thresholds: number[];
  /** The hard limit is reached: BudgetExceeded. */
  exceeded: boolean;
  percent: number;
}

/** Which alerts a budget has crossed. Pure; "once per period" is the caller's (the store's) job. */
export function evaluateBudget(state: BudgetState): BudgetDecision {
  if (state.budget === null) return { thresholds: [], exceeded: false, percent: 0 };
  const percent = percentOf(decimalToPicos(state.spent), decimalToPicos(state.budget));
  const thresholds = [...new Set(state.alertPercents)]
    .filter((t) => Number.isFinite(t) && t > 0 && t < 100 && percent >= t)
    .sort((a, b) => a - b);
  return { thresholds, exceeded: percent >= 100, percent };
}

/** "YYYY-MM" of an ISO time, in UTC: budgets reset with the calendar month. */
export function periodOf(time: string | Date): string {
  const d = typeof time === 'string' ? new Date(time) : time;
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

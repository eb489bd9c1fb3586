import type { Budget__Output } from '../../generated/modelrouter/v1/Budget';
import type { GetBudgetResponse__Output } from '../../generated/modelrouter/v1/GetBudgetResponse';
import { connect, unary } from '../client';
import { messageJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

export interface BudgetOptions extends CommonOptions {
  /** '' : every budget that applies to the caller. */
  name: string;
  json: boolean;
}

export async function budgetCommand(options: BudgetOptions, io: CliIo): Promise<number> {
  const conn = await connect(options);
  try {
    const response = await unary<GetBudgetResponse__Output>(conn, (md, o, cb) => conn.client.GetBudget({ name: options.name }, md, o, cb));
    io.stdout.write(options.json ? messageJson('GetBudgetResponse', response) : budgetTable(response.budgets));
    return 0;
  } finally {
    conn.close();
  }
}

const COLUMNS = ['BUDGET', 'PERIOD', 'SPENT', 'LIMIT', 'USED', 'RESETS AT'] as const;

function row(b: Budget__Output): string[] {
  // A figure from this replica alone (Redis down) says so: it may be short of the fleet's.
  const used = `${(b.used_ratio * 100).toFixed(1)}%${b.fleet_wide ? '' : ' (local)'}`;
  return [b.name, b.period, usd(b.spent_usd), usd(b.limit_usd), used, b.resets_at];
}

function usd(value: number): string {
  return value >= 1 || value === 0 ? `$${value.toFixed(2)}` : `$${Number(value.toPrecision(3))}`;
}

/** A header and one aligned row per budget; a line saying so when none applies. */
export function budgetTable(budgets: readonly Budget__Output[]): string {
  if (budgets.length === 0) return 'no budgets apply (see budgets: in the config)\n';
  const rows: string[][] = [[...COLUMNS], ...budgets.map(row)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n';
}

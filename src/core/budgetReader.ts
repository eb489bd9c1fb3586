import { ANONYMOUS_CALLER } from '../cache/cacheKey';
import { echo, notFound, RouterError } from '../domain/routerError';
import type { Caller } from './callerDirectory';
import type { BudgetStatus } from '../domain/budget';

export type { BudgetStatus } from '../domain/budget';

/** The spend budgets, read (src/fleet/budgets.ts). */
export interface BudgetReader {
  /** Every budget the replica knows of, `caller`'s own '*' ones made concrete. */
  list(caller: string): Promise<BudgetStatus[]>;
  /** One budget by name ('*' ones by their concrete name); undefined when none has that name. */
  get(name: string): Promise<BudgetStatus | undefined>;
}

/**
 * The budgets a caller may read. With auth on, a caller sees its own caller budgets and the label budgets (a label
 * budget is a team's, not one caller's); naming another caller's budget is PERMISSION_DENIED, so its existence is
 * no secret but its spend is. With auth off everything is visible. An unknown name is NOT_FOUND.
 */
export async function readBudgets(reader: BudgetReader | undefined, caller: Caller, name: string): Promise<BudgetStatus[]> {
  const authOn = caller.id !== ANONYMOUS_CALLER;
  const mine = (b: BudgetStatus): boolean => !authOn || b.owner === undefined || b.owner === caller.id;
  if (name === '') return reader ? (await reader.list(caller.id)).filter(mine).sort((a, b) => a.name.localeCompare(b.name)) : [];
  const found = await reader?.get(name);
  if (!found) throw notFound(`no budget named ${echo(name)}${reader ? '' : ' (no budgets are configured)'}`);
  if (!mine(found)) throw new RouterError('permission_denied', `budget ${echo(name)} is another caller's`);
  return [found];
}

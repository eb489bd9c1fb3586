import { z } from 'zod';

/** Caller ids as auth.callers writes them; '*' gives every caller a budget of its own. */
const CALLER = /^(\*|[A-Za-z0-9._-]{1,64})$/;
/** Names go into Redis keys (inside a hash tag), metric labels and error messages: nothing that needs quoting. */
const NAME = /^[A-Za-z0-9:=._@-]{1,100}$/;

/**
 * One spend budget: USD per UTC day or month, counted across the fleet from each call's computed cost.
 * A budget names exactly one scope: a caller id, or one allow-listed request label and its value.
 */
export const budgetLimitSchema = z
  .object({
    /** The budget's name in GetBudget, metrics (`budget` label) and errors; default derived from scope and period. */
    name: z.string().regex(NAME, 'expected 1-100 letters, digits or : = . _ @ -').optional(),
    /** A caller id ('*': each caller its own budget). */
    caller: z.string().regex(CALLER, "expected a caller id or '*'").optional(),
    /** { <label key>: <value | '*'> }: one key of budgets.labels ('*': each value its own budget). */
    label: z.record(z.string().min(1), z.string().min(1)).optional(),
    period: z.enum(['day', 'month']),
    usd: z.number().positive(),
  })
  .strict();

export const budgetsSchema = z
  .object({
    /** Request labels budgets may be keyed on (the allow-list): each value a caller sends becomes a budget to count. */
    labels: z.array(z.string().min(1).max(64)).default([]),
    limits: z.array(budgetLimitSchema).default([]),
    /** At this share of a budget the log warns (once per budget and period, per replica). */
    warn_ratio: z.number().gt(0).lte(1).default(0.8),
  })
  .strict()
  .superRefine((budgets, ctx) => {
    const names = new Map<string, number>();
    budgets.limits.forEach((limit, i) => {
      const problem = scopeProblem(limit, budgets.labels);
      if (problem) ctx.addIssue({ code: 'custom', path: ['limits', i, problem.field], message: problem.message });
      else {
        const name = budgetName(limit);
        const first = names.get(name);
        if (first !== undefined)
          ctx.addIssue({ code: 'custom', path: ['limits', i], message: `budget '${name}' is defined twice (also limits[${first}]): give one a name` });
        names.set(name, i);
      }
    });
  })
  .default(() => ({ labels: [], limits: [], warn_ratio: 0.8 }));

export type BudgetsConfig = z.infer<typeof budgetsSchema>;
export type BudgetLimitConfig = z.infer<typeof budgetLimitSchema>;

function scopeProblem(limit: BudgetLimitConfig, allowed: readonly string[]): { field: string; message: string } | undefined {
  if ((limit.caller === undefined) === (limit.label === undefined)) return { field: 'caller', message: 'expected exactly one of caller or label' };
  if (!limit.label) return undefined;
  const keys = Object.keys(limit.label);
  if (keys.length !== 1) return { field: 'label', message: `expected one label key and its value, e.g. { team: search } (got ${keys.length} keys)` };
  const [key] = keys;
  if (key === undefined || !allowed.includes(key)) {
    const list = allowed.length > 0 ? allowed.join(', ') : 'none';
    return { field: 'label', message: `label '${key ?? ''}' is not in budgets.labels (the allow-list: ${list}): add it there first` };
  }
  return undefined;
}

/** The label a label budget is keyed on: its one key and value. */
export function budgetLabel(limit: BudgetLimitConfig): { key: string; value: string } | undefined {
  const [entry] = Object.entries(limit.label ?? {});
  return entry && { key: entry[0], value: entry[1] };
}

/** `caller:search-team:day`, `team=search:month`; with '*' the template (`caller:*:day`), concrete per call. */
export function budgetName(limit: BudgetLimitConfig): string {
  if (limit.name !== undefined) return limit.name;
  const label = budgetLabel(limit);
  return label ? `${label.key}=${label.value}:${limit.period}` : `caller:${limit.caller ?? ''}:${limit.period}`;
}

/**
 * Caller budgets that could never apply: a caller auth.callers lacks (with auth off every call is `anonymous`).
 * Messages name the field, as the config loader's do.
 */
export function budgetCallerProblems(budgets: BudgetsConfig, callerIds: readonly string[], anonymous: string): string[] {
  const known = callerIds.length > 0 ? callerIds : [anonymous];
  return budgets.limits.flatMap((limit, i) =>
    limit.caller === undefined || limit.caller === '*' || known.includes(limit.caller)
      ? []
      : [
          `budgets.limits[${i}].caller: '${limit.caller}' is not a caller of auth.callers (${callerIds.length > 0 ? known.join(', ') : `auth is off: every call is '${anonymous}'`})`,
        ],
  );
}

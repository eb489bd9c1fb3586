import { budgetLabel, budgetName, type BudgetLimitConfig, type BudgetsConfig } from '../config/budgetsSchema';
import type { BudgetPeriod } from './budgetPeriods';

/** One budget as a call meets it: a configured one, or a '*' one made concrete for a caller or label value. */
export interface BudgetInstance {
  name: string;
  /** `caller:search-team` or `label:team=search`. */
  scope: string;
  /** The caller a caller budget belongs to (who may read it when auth is on); undefined for a label budget. */
  owner: string | undefined;
  period: BudgetPeriod;
  limitUsd: number;
  /** Made from a '*' rule: its name depends on the call. */
  concrete: boolean;
}

interface Rule {
  limit: BudgetLimitConfig;
  /** budgetName(limit): the name itself, or the '*' template's. */
  name: string;
  label: { key: string; value: string } | undefined;
  wildcard: boolean;
}

/**
 * The configured budgets and which apply to a call. A '*' rule gives each caller (label value) a budget of its
 * own; a rule naming that caller (value) for the same period replaces it, so `caller: '*'` reads as the default
 * and a named caller as its exception.
 */
export class BudgetRules {
  private readonly rules: Rule[];

  constructor(config: BudgetsConfig) {
    this.rules = config.limits.map((limit) => {
      const label = budgetLabel(limit);
      return { limit, name: budgetName(limit), label, wildcard: (label ? label.value : limit.caller) === '*' };
    });
  }

  get enabled(): boolean {
    return this.rules.length > 0;
  }

  /** The budgets a call counts against: its caller's, and those of each allow-listed label it carries. */
  forCall(caller: string, labels: Readonly<Record<string, string>>): BudgetInstance[] {
    const found: BudgetInstance[] = [];
    for (const rule of this.rules) {
      const value = rule.label ? labels[rule.label.key] : caller;
      // An empty label value is no team at all: nothing to count it against.
      if (value === undefined || value === '') continue;
      const instance = this.instanceFor(rule, value);
      if (instance) found.push(instance);
    }
    return found;
  }

  /** The budgets that are not '*' ones: the same for every call. */
  fixed(): BudgetInstance[] {
    return this.rules.filter((r) => !r.wildcard).map((r) => instance(r, valueOf(r)));
  }

  /** A caller's own budgets: its caller budgets, a '*' one made concrete for it included. */
  ownedBy(caller: string): BudgetInstance[] {
    return this.rules.filter((r) => !r.label).flatMap((r) => this.instanceFor(r, caller) ?? []);
  }

  /** A budget by its name, a '*' one's by the concrete name (`caller:search-team:day`, `team=search:month`). */
  resolve(name: string): BudgetInstance | undefined {
    for (const rule of this.rules) if (!rule.wildcard && rule.name === name) return instance(rule, valueOf(rule));
    for (const rule of this.rules) {
      if (!rule.wildcard) continue;
      const value = concreteValue(rule, name);
      if (value !== undefined && value !== '') {
        const found = this.instanceFor(rule, value);
        if (found?.name === name) return found;
      }
    }
    return undefined;
  }

  private instanceFor(rule: Rule, value: string): BudgetInstance | undefined {
    if (!rule.wildcard) return valueOf(rule) === value ? instance(rule, value) : undefined;
    return this.replaced(rule, value) ? undefined : instance(rule, value);
  }

  /** A rule naming this very caller (value) for the same period takes the '*' rule's place. */
  private replaced(wildcard: Rule, value: string): boolean {
    return this.rules.some((r) => !r.wildcard && r.limit.period === wildcard.limit.period && r.label?.key === wildcard.label?.key && valueOf(r) === value);
  }
}

function valueOf(rule: Rule): string {
  return rule.label ? rule.label.value : (rule.limit.caller ?? '');
}

function instance(rule: Rule, value: string): BudgetInstance {
  const { limit, label } = rule;
  return {
    name: rule.wildcard ? concreteName(rule, value) : rule.name,
    scope: label ? `label:${label.key}=${value}` : `caller:${value}`,
    owner: label ? undefined : value,
    period: limit.period,
    limitUsd: limit.usd,
    concrete: rule.wildcard,
  };
}

/** A '*' budget's name for one caller (value): the default name with it in the star's place, or `<name>:<value>`. */
function concreteName(rule: Rule, value: string): string {
  const { limit, label } = rule;
  if (limit.name !== undefined) return `${limit.name}:${value}`;
  return label ? `${label.key}=${value}:${limit.period}` : `caller:${value}:${limit.period}`;
}

/** The caller (value) a concrete name was made for by a '*' rule, or undefined when the rule could not make it. */
function concreteValue(rule: Rule, name: string): string | undefined {
  const { limit, label } = rule;
  const [head, tail] = limit.name !== undefined ? [`${limit.name}:`, ''] : label ? [`${label.key}=`, `:${limit.period}`] : ['caller:', `:${limit.period}`];
  if (!name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) return undefined;
  return name.slice(head.length, name.length - tail.length);
}

import { readFileSync } from 'node:fs';
import { budgetCallerProblems, budgetsSchema, type BudgetsConfig } from '../../src/config/budgetsSchema';
import { readBudgets, type BudgetReader, type BudgetStatus } from '../../src/core/budgetReader';
import { ConfigError, parseConfig } from '../../src/config/loadConfig';
import { RouterError } from '../../src/domain/routerError';
import { formatUsd, periodEnd, periodKey } from '../../src/fleet/budgetPeriods';
import { BudgetRules } from '../../src/fleet/budgetScopes';
import { FleetBudgets } from '../../src/fleet/budgets';
import { createMemoryLogger } from '../../src/observability/logger';
import { parse } from 'yaml';
import { readmeBlocks } from '../fakes/readmeCommands';
import { CONFIG_PATH } from '../fakes/routerHarness';

const at = (iso: string): number => Date.parse(iso);
const budgets = (raw: unknown): BudgetsConfig => budgetsSchema.parse(raw);

describe('budget periods (UTC)', () => {
  it('keys a day as YYYY-MM-DD and a month as YYYY-MM, whatever the local zone', () => {
    expect(periodKey('day', at('2025-03-07T23:59:59.999Z'))).toBe('2025-03-07');
    expect(periodKey('day', at('2025-03-08T00:00:00.000Z'))).toBe('2025-03-08');
    expect(periodKey('month', at('2025-03-31T23:59:59Z'))).toBe('2025-03');
  });

  it('ends a day at the next UTC midnight and a month on the first of the next, across years and leap days', () => {
    expect(new Date(periodEnd('day', at('2025-03-07T10:00:00Z'))).toISOString()).toBe('2025-03-08T00:00:00.000Z');
    expect(new Date(periodEnd('day', at('2024-02-28T12:00:00Z'))).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(periodEnd('day', at('2025-12-31T23:00:00Z'))).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(periodEnd('month', at('2025-12-15T00:00:00Z'))).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(periodEnd('month', at('2024-02-01T00:00:00Z'))).toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('writes dollars with cents, and small amounts without rounding them to nothing', () => {
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0.000345678)).toBe('$0.000346');
  });
});

describe('budget rules', () => {
  const rules = new BudgetRules(
    budgets({
      labels: ['team'],
      limits: [
        { caller: '*', period: 'day', usd: 10 },
        { caller: 'search-team', period: 'day', usd: 50 },
        { label: { team: '*' }, period: 'month', usd: 100 },
        { name: 'ads-monthly', label: { team: 'ads' }, period: 'month', usd: 500 },
        { name: 'per-caller-month', caller: '*', period: 'month', usd: 200 },
      ],
    }),
  );

  it("makes a '*' budget concrete per caller and per label value, with default names", () => {
    const found = rules.forCall('alice', { team: 'search', other: 'x' });
    expect(found.map((b) => [b.name, b.scope, b.owner, b.limitUsd])).toEqual([
      ['caller:alice:day', 'caller:alice', 'alice', 10],
      ['team=search:month', 'label:team=search', undefined, 100],
      ['per-caller-month:alice', 'caller:alice', 'alice', 200],
    ]);
  });

  it("lets a budget naming a caller or value replace the '*' one of the same period", () => {
    expect(rules.forCall('search-team', { team: 'ads' }).map((b) => b.name)).toEqual(['caller:search-team:day', 'ads-monthly', 'per-caller-month:search-team']);
    expect(rules.forCall('search-team', {}).find((b) => b.name === 'caller:search-team:day')?.limitUsd).toBe(50);
  });

  it('counts no label budget for a call without the label, or with an empty value', () => {
    expect(rules.forCall('bob', { team: '' }).map((b) => b.name)).toEqual(['caller:bob:day', 'per-caller-month:bob']);
  });

  it("resolves names, a '*' one's by its concrete name, and nothing else", () => {
    expect(rules.resolve('caller:carol:day')).toMatchObject({ owner: 'carol', limitUsd: 10, concrete: true });
    expect(rules.resolve('caller:search-team:day')).toMatchObject({ limitUsd: 50, concrete: false });
    expect(rules.resolve('team=ml:month')).toMatchObject({ scope: 'label:team=ml', owner: undefined });
    expect(rules.resolve('per-caller-month:dave')).toMatchObject({ owner: 'dave', period: 'month' });
    expect(rules.resolve('ads-monthly')).toMatchObject({ scope: 'label:team=ads' });
    expect(rules.resolve('team=ads:month')).toBeUndefined(); // replaced by ads-monthly
    expect(rules.resolve('caller::day')).toBeUndefined();
    expect(rules.resolve('nope')).toBeUndefined();
  });
});

describe('budgets config', () => {
  const shipped = readFileSync(CONFIG_PATH, 'utf8');
  const failure = (budgetsYaml: string): string => {
    try {
      parseConfig(`${shipped}\nbudgets:\n${budgetsYaml}`, 'test.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('refuses a label budget on a label outside the allow-list, naming the field', () => {
    expect(failure('  labels: [team]\n  limits:\n    - { label: { project: x }, period: day, usd: 5 }')).toContain(
      "budgets.limits[0].label: label 'project' is not in budgets.labels (the allow-list: team)",
    );
  });

  it('refuses a budget with both or neither of caller and label, and one defined twice', () => {
    expect(failure('  labels: [team]\n  limits:\n    - { caller: a, label: { team: x }, period: day, usd: 5 }')).toContain(
      'budgets.limits[0].caller: expected exactly one of caller or label',
    );
    expect(failure('  limits:\n    - { period: day, usd: 5 }')).toContain('budgets.limits[0].caller: expected exactly one of caller or label');
    expect(failure('  limits:\n    - { caller: a, period: day, usd: 5 }\n    - { caller: a, period: day, usd: 9 }')).toContain(
      "budgets.limits[1]: budget 'caller:a:day' is defined twice",
    );
  });

  it('the examples in the README and config/router.yaml (commented) are valid as written', () => {
    const readme = readmeBlocks('yaml').find((b) => b.startsWith('budgets:'));
    const commented = /^# budgets:\n(#  .*\n)+/m.exec(shipped)?.[0].replace(/^# ?/gm, '');
    for (const example of [readme, commented]) {
      const parsed = budgetsSchema.parse((parse(example ?? '') as { budgets: unknown }).budgets);
      expect(new BudgetRules(parsed).forCall('search-team', { team: 'ads' }).map((b) => b.name)).toEqual(['caller:search-team:day', 'ads-monthly']);
    }
  });

  it('names caller budgets no configured caller could spend', () => {
    const config = budgets({
      limits: [
        { caller: 'ghost', period: 'day', usd: 1 },
        { caller: '*', period: 'day', usd: 1 },
      ],
    });
    expect(budgetCallerProblems(config, ['alice'], 'anonymous')).toEqual(["budgets.limits[0].caller: 'ghost' is not a caller of auth.callers (alice)"]);
    expect(budgetCallerProblems(config, [], 'anonymous')[0]).toContain("auth is off: every call is 'anonymous'");
  });
});

describe('FleetBudgets on one replica (no Redis)', () => {
  const NOW = at('2025-03-07T18:00:00Z');
  const setup = () => {
    const { logger, records } = createMemoryLogger('info');
    const gauge = new Map<string, number>();
    const rejections: string[] = [];
    const metrics = { setBudgetUsed: (b: string, r: number) => gauge.set(b, r), recordBudgetRejection: (b: string) => rejections.push(b) };
    const fellBack = jest.fn();
    const guard = new FleetBudgets(budgets({ limits: [{ caller: '*', period: 'day', usd: 1 }] }), undefined, fellBack, metrics, logger, () => NOW);
    return { guard, records, gauge, rejections, fellBack };
  };
  const call = { caller: 'alice', labels: {}, billed: true };
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('counts each call, refuses once spent with budget_exceeded until the period ends, and warns once at 80%', async () => {
    const { guard, records, gauge, rejections, fellBack } = setup();
    for (const cost of [0.5, 0.35, 0.2]) {
      const settle = await guard.admit(call);
      settle?.({ cached: false, costUsd: cost });
      await settled();
    }
    const err = (await guard.admit(call).catch((e: unknown) => e)) as RouterError;
    expect(err).toBeInstanceOf(RouterError);
    expect(err).toMatchObject({ kind: 'rate_limited', type: 'budget_exceeded', blame: 'caller', retryAfterMs: 6 * 3_600_000 });
    expect(err.message).toBe("budget 'caller:alice:day' is spent: $1.05 of $1.00 this day; resets at 2025-03-08T00:00:00.000Z");
    expect(rejections).toEqual(['caller:alice:day']);
    expect(gauge.get('caller:alice:day')).toBeCloseTo(1.05);
    const warnings = records().filter((r) => r['event'] === 'budget_warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ budget: 'caller:alice:day', used_ratio: 0.85, fleet_wide: false });
    // Without Redis there is nothing to fall back from.
    expect(fellBack).not.toHaveBeenCalled();
    // Another caller has a budget of its own.
    await expect(guard.admit({ ...call, caller: 'bob' })).resolves.toBeDefined();
  });

  it('a new period starts unspent on the gauge too, even for a budget nobody uses after midnight', async () => {
    const { guard, gauge } = setup();
    (await guard.admit(call))?.({ cached: false, costUsd: 0.9 });
    await settled();
    expect(gauge.get('caller:alice:day')).toBeCloseTo(0.9);
    guard.resetEnded(NOW + 3_600_000); // still the same UTC day
    expect(gauge.get('caller:alice:day')).toBeCloseTo(0.9);
    guard.resetEnded(NOW + 7 * 3_600_000); // past midnight
    expect(gauge.get('caller:alice:day')).toBe(0);
    guard.close();
  });

  it('never counts a cache hit, and never refuses or counts a call that is not billed', async () => {
    const { guard } = setup();
    (await guard.admit(call))?.({ cached: true, costUsd: 5 });
    await settled();
    expect((await guard.get('caller:alice:day'))?.spentUsd).toBe(0);
    (await guard.admit(call))?.({ cached: false, costUsd: 5 });
    await settled();
    await expect(guard.admit({ ...call, billed: false })).resolves.toBeUndefined();
    await expect(guard.admit(call)).rejects.toThrow(/is spent/);
  });

  it('reports a budget with its scope, figures and reset, local-only without Redis', async () => {
    const { guard } = setup();
    (await guard.admit(call))?.({ cached: false, costUsd: 0.25 });
    await settled();
    expect(await guard.get('caller:alice:day')).toEqual({
      name: 'caller:alice:day',
      scope: 'caller:alice',
      owner: 'alice',
      period: 'day',
      limitUsd: 1,
      spentUsd: 0.25,
      remainingUsd: 0.75,
      usedRatio: 0.25,
      resetsAt: '2025-03-08T00:00:00.000Z',
      fleetWide: false,
    });
    expect((await guard.list('carol')).map((b) => b.name).sort()).toEqual(['caller:alice:day', 'caller:carol:day']);
  });
});

describe('who reads which budget (GetBudget)', () => {
  const status = (name: string, owner: string | undefined): BudgetStatus => ({
    name,
    scope: owner ? `caller:${owner}` : 'label:team=search',
    owner,
    period: 'day',
    limitUsd: 1,
    spentUsd: 0,
    remainingUsd: 1,
    usedRatio: 0,
    resetsAt: '2025-03-08T00:00:00.000Z',
    fleetWide: true,
  });
  const all = [status('caller:bob:day', 'bob'), status('team=search:day', undefined), status('caller:alice:day', 'alice')];
  const reader: BudgetReader = {
    list: () => Promise.resolve(all),
    get: (name) => Promise.resolve(all.find((b) => b.name === name)),
  };
  const caller = (id: string) => ({ id, permissions: undefined, limiter: undefined });

  it('with auth on, a caller lists its own caller budgets and the label budgets, sorted', async () => {
    expect((await readBudgets(reader, caller('alice'), '')).map((b) => b.name)).toEqual(['caller:alice:day', 'team=search:day']);
  });

  it("refuses another caller's budget (PERMISSION_DENIED) and an unknown name (NOT_FOUND)", async () => {
    await expect(readBudgets(reader, caller('alice'), 'caller:bob:day')).rejects.toMatchObject({ kind: 'permission_denied' });
    await expect(readBudgets(reader, caller('alice'), 'team=search:day')).resolves.toHaveLength(1);
    await expect(readBudgets(reader, caller('alice'), 'nope')).rejects.toMatchObject({ kind: 'not_found', message: "no budget named 'nope'" });
    await expect(readBudgets(undefined, caller('alice'), 'nope')).rejects.toThrow('(no budgets are configured)');
  });

  it('with auth off (the anonymous caller) shows every budget', async () => {
    expect(await readBudgets(reader, caller('anonymous'), '')).toHaveLength(3);
    await expect(readBudgets(reader, caller('anonymous'), 'caller:bob:day')).resolves.toHaveLength(1);
    await expect(readBudgets(undefined, caller('anonymous'), '')).resolves.toEqual([]);
  });
});

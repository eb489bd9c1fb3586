import Anthropic, { RateLimitError } from '@anthropic-ai/sdk';
import * as grpc from '@grpc/grpc-js';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { RouterConfig } from '../../src/config/schema';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { GetBudgetResponse__Output } from '../../src/generated/modelrouter/v1/GetBudgetResponse';
import { FakeAnthropic } from '../../src/simulator';
import { runCliAt } from '../fakes/cliRunner';
import { startRedisServer, type RedisServerHandle } from '../fakes/redisServer';
import { waitFor } from '../fakes/waiting';
import { ask, rejection, startHarness, TEST_API_KEY, type Harness } from '../fakes/routerHarness';

// Two routers (A, B) share one real redis-server and one fake upstream; each scenario spends as a caller of its own,
// so each has a fresh daily budget of 2.4 calls: two calls pass under it, the third starts under it and overshoots.
const CALLERS = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay', 'gus'] as const;
type Who = (typeof CALLERS)[number];
const token = (who: string): string => `tok-${who}`;
const REQUEST = ask('how much does this cost?', { labels: { team: 'search' } });
const nextMidnight = (): string => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1)).toISOString();

let redis: RedisServerHandle;
let fake: FakeAnthropic;
let cost: number;
let a: Harness;
let b: Harness;

function withBudgets(c: RouterConfig, auth = true): void {
  c.cache.redis.url = redis.url;
  if (auth) c.auth.callers = CALLERS.map((id) => ({ id, token_sha256: createHash('sha256').update(token(id)).digest('hex') }));
  c.budgets = {
    labels: ['team'],
    limits: [
      { caller: '*', period: 'day', usd: cost * 2.4 },
      { label: { team: '*' }, period: 'month', usd: 1000 },
    ],
    warn_ratio: 0.8,
  };
}

function metadataFor(who: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token(who)}`);
  return md;
}

function complete(h: Harness, who: Who, request: CompleteRequest = REQUEST): Promise<CompleteResponse__Output> {
  return new Promise((resolve, reject) =>
    h.client.Complete(request, metadataFor(who), { deadline: Date.now() + 5000 }, (err, res) => (err || !res ? reject(err) : resolve(res))),
  );
}

function getBudget(h: Harness, who: Who, name = ''): Promise<GetBudgetResponse__Output> {
  return new Promise((resolve, reject) =>
    h.client.GetBudget({ name }, metadataFor(who), { deadline: Date.now() + 5000 }, (err, res) => (err || !res ? reject(err) : resolve(res))),
  );
}

async function spend(h: Harness, who: Who, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) expect((await complete(h, who)).cost_usd).toBeCloseTo(cost, 12);
}

async function metric(h: Harness, name: string): Promise<string> {
  return h.app.metrics.registry.getSingleMetricAsString(name);
}

beforeAll(async () => {
  [redis, fake] = await Promise.all([startRedisServer(), FakeAnthropic.start({ apiKey: TEST_API_KEY, serveRetiredModels: true })]);
  // What one call costs at the config's prices: the budgets below are counted in calls.
  const probe = await startHarness({ fake });
  cost = (await probe.complete(REQUEST)).cost_usd;
  await probe.close();
  expect(cost).toBeGreaterThan(0);
  [a, b] = await Promise.all([startHarness({ fake, config: (c) => withBudgets(c) }), startHarness({ fake, config: (c) => withBudgets(c) })]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([redis?.stop(), fake?.close()]);
});

describe('spend budgets across two replicas sharing Redis', () => {
  it('a budget spent on one router stops the other: RESOURCE_EXHAUSTED, error-type budget_exceeded, retry-after', async () => {
    await spend(a, 'ana', 3);
    const err = await rejection(complete(b, 'ana'));
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err.metadata.get('error-type')).toEqual(['budget_exceeded']);
    const retryAfter = Number(err.metadata.get('retry-after')[0]);
    expect(Math.abs(retryAfter - (Date.parse(nextMidnight()) - Date.now()) / 1000)).toBeLessThan(5);
    expect(err.details).toMatch(new RegExp(`^budget 'caller:ana:day' is spent: \\$[0-9.]+ of \\$[0-9.]+ this day; resets at ${nextMidnight()}$`));
    // Not counted upstream: the refusal came before any attempt, and the other callers go on.
    await expect(complete(b, 'ben', ask('another caller'))).resolves.toBeDefined();
    expect(await metric(b, 'modelrouter_budget_rejections_total')).toContain('modelrouter_budget_rejections_total{budget="caller:ana:day"} 1');

    // The soft warning: once on the replica that crossed 80%, and the ratio on /metrics.
    const warnings = a.logs().filter((r) => r['event'] === 'budget_warning' && r['budget'] === 'caller:ana:day');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', msg: 'budget nearly spent', fleet_wide: true });
    expect(Number(warnings[0]?.['used_ratio'])).toBeGreaterThanOrEqual(0.8);
    expect(b.logs().filter((r) => r['event'] === 'budget_warning' && r['budget'] === 'caller:ana:day').length).toBeLessThanOrEqual(1);
    expect(await metric(a, 'modelrouter_budget_used_ratio')).toMatch(/modelrouter_budget_used_ratio\{budget="caller:ana:day"\} 1\.2\d*/);
  });

  it('a Redis that comes back without the figures does not reopen a budget the routers saw spent', async () => {
    await spend(a, 'fay', 3);
    expect((await rejection(complete(b, 'fay'))).metadata.get('error-type')).toEqual(['budget_exceeded']);
    // What a restart without persistence, or a failover that lost writes, leaves: no figure at all.
    const raw = new Redis(redis.url);
    try {
      await raw.del(...(await raw.keys('*budget:{caller:fay:day}*')));
    } finally {
      raw.disconnect();
    }
    for (const h of [a, b]) expect((await rejection(complete(h, 'fay'))).metadata.get('error-type')).toEqual(['budget_exceeded']);
  });

  it('GetBudget reports the fleet-wide spend from either router', async () => {
    await spend(b, 'eve', 3);
    for (const h of [a, b]) {
      const { budgets } = await getBudget(h, 'eve', 'caller:eve:day');
      expect(budgets).toHaveLength(1);
      expect(budgets[0]).toMatchObject({
        name: 'caller:eve:day',
        scope: 'caller:eve',
        period: 'day',
        remaining_usd: 0,
        resets_at: nextMidnight(),
        fleet_wide: true,
      });
      expect(budgets[0]?.limit_usd).toBeCloseTo(cost * 2.4, 12);
      expect(budgets[0]?.spent_usd).toBeCloseTo(cost * 3, 12);
      expect(budgets[0]?.used_ratio).toBeCloseTo(1.25, 9);
    }
    // Without a name: the caller's own budgets and the label budgets, never another caller's.
    const mine = (await getBudget(b, 'eve')).budgets.map((x) => x.name);
    expect(mine).toEqual(expect.arrayContaining(['caller:eve:day', 'team=search:month']));
    expect(mine.filter((n) => n.startsWith('caller:'))).toEqual(['caller:eve:day']);
    const team = (await getBudget(a, 'eve', 'team=search:month')).budgets[0];
    expect(team).toMatchObject({ scope: 'label:team=search', period: 'month', fleet_wide: true });
    expect(team?.spent_usd).toBeGreaterThanOrEqual(cost * 3 - 1e-12);
    expect((await rejection(getBudget(a, 'eve', 'caller:ben:day'))).code).toBe(grpc.status.PERMISSION_DENIED);
    expect((await rejection(getBudget(a, 'eve', 'caller:nobody:week'))).code).toBe(grpc.status.NOT_FOUND);
  });

  it('cache hits are served, cost nothing and are never counted', async () => {
    const cacheable = { ...REQUEST, temperature: 0, messages: [{ role: 'user', content: 'a cacheable question' }] };
    // A caller no other scenario spends as: after another scenario's Redis restart the routers' figures for a
    // caller may differ (each keeps the spend it saw), so a shared one would make this depend on the order.
    const spent = async (h: Harness): Promise<number> => (await getBudget(h, 'gus', 'caller:gus:day')).budgets[0]?.spent_usd ?? NaN;
    const initial = await spent(a);
    const first = await complete(a, 'gus', cacheable);
    expect(first.cached).toBe(false);
    // A call's spend is settled as it is reported, just after its answer went out: read once it has landed.
    const before = initial + first.cost_usd;
    await waitFor('the first call counted', async () => Math.abs((await spent(a)) - before) < 1e-12, 3_000);
    let hits = 0;
    // The fill is written behind the answer: a call that comes before it lands goes upstream, and is billed.
    let missed = 0;
    for (let i = 0; i < 20 && hits < 3; i++) {
      const again = await complete(i % 2 ? a : b, 'gus', cacheable);
      if (again.cached) {
        hits++;
        expect(again.cost_usd).toBe(0);
      } else {
        missed += again.cost_usd;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(hits).toBe(3);
    // Every miss is counted (its settlement may land just after its answer), and no hit ever is.
    await waitFor('the misses counted', async () => (await spent(b)) >= before + missed - 1e-12, 3_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(await spent(b)).toBeCloseTo(before + missed, 12);
  });

  it('the HTTP door answers 429 with error type budget_exceeded, and GET /v1/budgets lists the caller\u2019s budgets', async () => {
    await spend(a, 'cy', 3);
    const client = new Anthropic({ apiKey: token('cy'), baseURL: `http://127.0.0.1:${b.app.httpPort}`, maxRetries: 0 });
    const refused = await client.messages
      .create({ model: 'task:general', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect((refused as RateLimitError).status).toBe(429);
    expect((refused as RateLimitError).type).toBe('budget_exceeded');
    expect(Number((refused as RateLimitError).headers?.get('retry-after'))).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${a.app.httpPort}/v1/budgets`, { headers: { 'x-api-key': token('cy') } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    expect(body.data.find((x) => x['name'] === 'caller:cy:day')).toMatchObject({ scope: 'caller:cy', period: 'day', fleet_wide: true, remaining_usd: 0 });
    expect(body.data.some((x) => x['name'] === 'caller:ana:day')).toBe(false);
  });

  it('modelrouter budget prints the table, --json the GetBudgetResponse (auth off: the anonymous caller)', async () => {
    const c = await startHarness({ fake, config: (cfg) => withBudgets(cfg, false) });
    try {
      await c.complete(REQUEST);
      const addr = `127.0.0.1:${c.app.port}`;
      const table = await runCliAt(addr, ['budget']);
      expect(table.code).toBe(0);
      expect(table.out.split('\n')[0]).toMatch(/^BUDGET +PERIOD +SPENT +LIMIT +USED +RESETS AT$/);
      expect(table.out).toMatch(new RegExp(`caller:anonymous:day +day +\\$[0-9.]+ +\\$[0-9.]+ +41\\.7% +${nextMidnight()}`));
      const json = await runCliAt(addr, ['budget', 'caller:anonymous:day', '--json']);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.out) as { budgets: Record<string, unknown>[] };
      expect(parsed.budgets).toEqual([expect.objectContaining({ name: 'caller:anonymous:day', period: 'day', fleetWide: true, resetsAt: nextMidnight() })]);
      expect(parsed.budgets[0]?.['spentUsd']).toBeCloseTo(cost, 12);
      const missing = await runCliAt(addr, ['budget', 'nope']);
      expect({ code: missing.code, err: missing.err }).toEqual({ code: 1, err: "error: NOT_FOUND: no budget named 'nope'\n" });
    } finally {
      await c.close();
    }
  });

  it('the CLI sends MODELROUTER_TOKEN: with callers configured it reads the caller\u2019s own budgets, without a token it is refused', async () => {
    const addr = `127.0.0.1:${a.app.port}`;
    const mine = await runCliAt(addr, ['budget', '--json'], { env: { MODELROUTER_ADDR: addr, MODELROUTER_TOKEN: token('cy') } });
    expect(mine.code).toBe(0);
    const names = (JSON.parse(mine.out) as { budgets: { name: string }[] }).budgets.map((b) => b.name);
    expect(names).toContain('caller:cy:day');
    expect(names.filter((n) => n.startsWith('caller:'))).toEqual(['caller:cy:day']);
    const anonymous = await runCliAt(addr, ['budget']);
    expect({ code: anonymous.code, err: anonymous.err }).toEqual({ code: 1, err: expect.stringMatching(/^error: UNAUTHENTICATED: missing token/) });
  });

  it('Redis killed mid-run: both routers keep serving on their own figures, nothing hangs', async () => {
    await redis.kill();
    const timed = async (h: Harness): Promise<number> => {
      const started = Date.now();
      await complete(h, 'dee');
      return Date.now() - started;
    };
    for (const h of [a, a, a, b]) expect(await timed(h)).toBeLessThan(2000);
    // A counted its three calls alone and stops there; B knows only its own one.
    const started = Date.now();
    const err = await rejection(complete(a, 'dee'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.metadata.get('error-type')).toEqual(['budget_exceeded']);
    await expect(complete(b, 'dee')).resolves.toBeDefined();
    for (const h of [a, b]) expect(await metric(h, 'modelrouter_fleet_local_decisions_total')).toMatch(/\{feature="budget"\} [1-9]/);
    const local = (await getBudget(a, 'dee', 'caller:dee:day')).budgets[0];
    expect(local).toMatchObject({ fleet_wide: false });
    expect(local?.spent_usd).toBeCloseTo(cost * 3, 12);

    // Back (empty: no persistence): what each spent meanwhile goes into the fleet's figure.
    await redis.restart();
    // Both replicas back on Redis before the other tests (in any order) run on.
    const fleet: (number | undefined)[] = [undefined, undefined];
    for (let i = 0; i < 100 && fleet.some((f) => f === undefined); i++) {
      const reads = await Promise.all([a, b].map(async (h) => (await getBudget(h, 'dee', 'caller:dee:day')).budgets[0]));
      reads.forEach((read, j) => (fleet[j] = read?.fleet_wide && read.spent_usd > cost * 4.5 ? read.spent_usd : undefined));
      if (fleet.some((f) => f === undefined)) await new Promise((r) => setTimeout(r, 100));
    }
    for (const f of fleet) expect(f).toBeCloseTo(cost * 5, 12);
  });
});

import { FleetRateLimiter, type LimitedSpend } from '../../src/fleet/rateLimiter';
import { RouterError } from '../../src/domain/routerError';
import { rateLimitProblems } from '../../src/config/fleetSchema';

/** A limiter on this replica alone (no Redis), on a clock the test moves. */
function limiter(rules: ConstructorParameters<typeof FleetRateLimiter>[0]): { limit: FleetRateLimiter; at: (ms: number) => void } {
  let now = 1_000_000_000_000; // a bucket boundary (a multiple of 10 s)
  const start = now;
  return {
    limit: new FleetRateLimiter(
      rules,
      undefined,
      () => undefined,
      () => now,
    ),
    at: (ms) => (now = start + ms),
  };
}

const call = (tokens: number) => ({ caller: 'c', task: 't', estimatedInputTokens: tokens, billed: true });
const spent = (over: Partial<LimitedSpend>): LimitedSpend => ({ ok: true, cached: false, inputTokens: 0, outputTokens: 0, ...over });

async function admitted(l: FleetRateLimiter, tokens: number): Promise<((s: LimitedSpend) => void) | undefined | 'refused'> {
  try {
    return await l.admit(call(tokens));
  } catch (err) {
    if (err instanceof RouterError && err.kind === 'rate_limited') return 'refused';
    throw err;
  }
}

describe('token limits settle in the bucket the call was counted in', () => {
  it('a refund that comes late goes back where the estimate was taken: the window never goes below what it holds', async () => {
    const { limit, at } = limiter([{ caller: '*', tokens_per_minute: 1000 }]);
    const settle = await admitted(limit, 1000);
    if (typeof settle !== 'function') throw new Error('the first call fits');
    at(55_000);
    settle(spent({ cached: true })); // a cache hit after all: it used no tokens
    at(61_000);
    // The refunded bucket has left the window; nothing negative was left behind in the current one.
    expect(typeof (await admitted(limit, 1000))).toBe('function');
    expect(await admitted(limit, 1000)).toBe('refused');
  });

  it('a call that failed or was cancelled keeps its estimate; more tokens than estimated count in full', async () => {
    const { limit, at } = limiter([{ caller: '*', tokens_per_minute: 1000 }]);
    const failed = await admitted(limit, 600);
    if (typeof failed !== 'function') throw new Error('fits');
    failed(spent({ ok: false }));
    at(1_000);
    expect(await admitted(limit, 500)).toBe('refused');
    const small = await admitted(limit, 300);
    if (typeof small !== 'function') throw new Error('fits');
    small(spent({ inputTokens: 300, outputTokens: 200 }));
    expect(await admitted(limit, 1)).toBe('refused');
  });
});

describe('which limits a call counts against', () => {
  it('a limit naming the caller replaces the default one, per kind (the task limit stays separate)', async () => {
    const { limit } = limiter([
      { caller: '*', requests_per_minute: 1 },
      { caller: 'c', requests_per_minute: 3 },
      { caller: '*', task: 't', requests_per_minute: 2 },
    ]);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(typeof (await admitted(limit, 1)));
    // c: 3 a minute of its own, but task t allows 2.
    expect(outcomes).toEqual(['undefined', 'undefined', 'string', 'string']);
    const other = await limit.admit({ caller: 'd', task: 'u', estimatedInputTokens: 1, billed: true });
    expect(other).toBeUndefined();
    await expect(limit.admit({ caller: 'd', task: 'u', estimatedInputTokens: 1, billed: true })).rejects.toThrow(/1 requests per minute/);
  });

  it('config: unknown callers and tasks, and two limits on one (caller, task), are refused by name', () => {
    expect(
      rateLimitProblems(
        [
          { caller: 'nobody', requests_per_minute: 1 },
          { caller: '*', task: 'typo', requests_per_minute: 1 },
          { caller: 'c', requests_per_minute: 1 },
          { caller: 'c', tokens_per_minute: 1 },
        ],
        ['c'],
        ['t'],
        'anonymous',
      ),
    ).toEqual([
      "rate_limits[0].caller: 'nobody' is not a caller of auth.callers (c)",
      "rate_limits[1].task: 'typo' is not a task of policy.tasks",
      'rate_limits[3]: another limit has the same caller and task; put both figures in one',
    ]);
  });
});

/** Bench knobs, all from the environment, all bounded. */
export function num(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number (got '${raw}')`);
  return Math.min(max, Math.max(min, value));
}

export function str(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

export function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return /^(1|true|yes|on)$/i.test(raw.trim());
}

export interface Knobs {
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  /** After the throughput rounds, how long the router is left idle before its RSS is read again (the idle GC's turn). */
  settleSeconds: number;
  concurrency: number;
  scenarios: string;
  /** How the proxy floor asks the fake for its answer: 'sse' (the router's default) or 'json'. */
  proxyUpstream: 'sse' | 'json';
  redis: boolean;
  routerLogLevel: string;
  routerExecArgv: string[];
  failover: boolean;
  failoverConcurrency: number;
  failoverPreSeconds: number;
  failoverMaxOutageSeconds: number;
  failoverOpenSeconds: number;
  streams: number;
  streamsHoldSeconds: number;
  profileSeconds: number;
  /** In-flight calls while profiling; default BENCH_CONCURRENCY. */
  profileConcurrency: number | undefined;
  profileIntervalUs: number;
  profileDir: string;
}

export function readKnobs(): Knobs {
  return {
    seconds: num('BENCH_SECONDS', 2, 0.2, 60),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 0.5, 0, 30),
    rounds: Math.round(num('BENCH_ROUNDS', 3, 1, 20)),
    settleSeconds: num('BENCH_SETTLE_SECONDS', 40, 0, 300),
    concurrency: Math.round(num('BENCH_CONCURRENCY', 32, 2, 1024)),
    scenarios: str('BENCH_SCENARIOS', 'direct,directpooled,miss,proxy,hit,httpmiss,httpproxy,httphit,hitmem,floor,raw'),
    proxyUpstream: str('BENCH_PROXY_UPSTREAM', 'sse') === 'json' ? 'json' : 'sse',
    redis: flag('BENCH_REDIS', true),
    routerLogLevel: str('BENCH_ROUTER_LOG_LEVEL', 'silent'),
    routerExecArgv: str('BENCH_ROUTER_EXEC_ARGV', '').split(/\s+/).filter(Boolean),
    failover: flag('BENCH_FAILOVER', true),
    failoverConcurrency: Math.round(num('BENCH_FAILOVER_CONCURRENCY', 8, 1, 256)),
    failoverPreSeconds: num('BENCH_FAILOVER_PRE_SECONDS', 3, 1, 60),
    failoverMaxOutageSeconds: num('BENCH_FAILOVER_MAX_OUTAGE_SECONDS', 20, 1, 120),
    failoverOpenSeconds: num('BENCH_FAILOVER_OPEN_SECONDS', 2, 0.5, 60),
    streams: Math.round(num('BENCH_STREAMS', 1000, 0, 10_000)),
    streamsHoldSeconds: num('BENCH_STREAMS_HOLD_SECONDS', 1, 0, 60),
    profileSeconds: num('BENCH_PROFILE_SECONDS', 6, 1, 120),
    profileConcurrency: process.env['BENCH_PROFILE_CONCURRENCY'] ? Math.round(num('BENCH_PROFILE_CONCURRENCY', 1, 1, 1024)) : undefined,
    profileIntervalUs: Math.round(num('BENCH_PROFILE_INTERVAL_US', 250, 50, 10_000)),
    profileDir: str('BENCH_PROFILE_DIR', ''),
  };
}

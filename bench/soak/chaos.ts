/**
 * What happens to the shared Redis during the soak: killed (SIGKILL) and restarted on the same port at 1/3 and
 * 2/3 of the run, and frozen (SIGSTOP, then SIGCONT) for a few seconds half-way.
 */
import type { RedisServerHandle } from '../../test/fakes/redisServer';
import { sleep } from '../lib/load';

export interface ChaosEvent {
  /** Seconds since the load started. */
  atSec: number;
  what: string;
  /** How long Redis was unreachable, ms. */
  outageMs: number;
  error?: string;
}

export interface ChaosResult {
  events: ChaosEvent[];
  restarts: number;
  pauses: number;
}

interface Step {
  at: number;
  kind: 'restart' | 'pause';
}

/** Resolves when every step is done; `stopped()` true ends it early (the run is failing or interrupted). */
export async function runRedisChaos(redis: RedisServerHandle, durationMs: number, stopped: () => boolean): Promise<ChaosResult> {
  const downMs = Math.min(3_000, Math.max(1_000, durationMs / 60));
  const pauseMs = Math.min(4_000, Math.max(1_000, durationMs / 60));
  const steps: Step[] = [
    { at: durationMs / 3, kind: 'restart' },
    { at: durationMs / 2, kind: 'pause' },
    { at: (2 * durationMs) / 3, kind: 'restart' },
  ];
  const start = Date.now();
  const result: ChaosResult = { events: [], restarts: 0, pauses: 0 };
  for (const step of steps) {
    while (Date.now() - start < step.at) {
      if (stopped()) return result;
      await sleep(Math.min(250, step.at - (Date.now() - start)));
    }
    const t0 = Date.now();
    const event: ChaosEvent = { atSec: (t0 - start) / 1000, what: '', outageMs: 0 };
    try {
      if (step.kind === 'restart') {
        event.what = `redis-server killed (SIGKILL), restarted on port ${redis.port} ${(downMs / 1000).toFixed(1)} s later`;
        await redis.kill();
        await sleep(downMs);
        await redis.restart();
        result.restarts += 1;
      } else {
        event.what = `redis-server frozen (SIGSTOP) for ${(pauseMs / 1000).toFixed(1)} s, then SIGCONT`;
        redis.pause();
        await sleep(pauseMs);
        redis.resume();
        result.pauses += 1;
      }
    } catch (err) {
      event.error = err instanceof Error ? err.message : String(err);
    }
    event.outageMs = Date.now() - t0;
    result.events.push(event);
  }
  return result;
}

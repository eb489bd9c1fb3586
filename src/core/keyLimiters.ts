import type { Deployment } from '../domain/deployment';
import type { ProviderFleet } from '../providers/fleet';
import { TokenBucket } from './tokenBucket';

interface Limiter {
  requests: TokenBucket | undefined;
  tokens: TokenBucket | undefined;
}

/**
 * The per-key limits of the config (`providers.anthropic.keys[].rpm`, `tpm`), kept locally: a key past them is
 * tried after the keys that still have room, so load spreads before upstream has to say 429.
 */
export class KeyLimiters {
  private readonly limiters = new Map<string, Limiter>();

  constructor(fleet: ProviderFleet, now: () => number = Date.now) {
    for (const group of fleet.groups) {
      const { rpm, tpm } = group.limits;
      if (rpm === undefined && tpm === undefined) continue;
      this.limiters.set(`${group.platform}:${group.key}`, {
        requests: rpm === undefined ? undefined : new TokenBucket(rpm / 60, rpm, now),
        tokens: tpm === undefined ? undefined : new TokenBucket(tpm / 60, tpm, now),
      });
    }
  }

  hasRoom(deployment: Deployment, tokens: number): boolean {
    const limiter = this.limiters.get(`${deployment.platform}:${deployment.key}`);
    if (!limiter) return true;
    return (limiter.requests?.available() ?? Infinity) >= 1 && (limiter.tokens?.available() ?? Infinity) >= Math.min(tokens, limiter.tokens?.capacity ?? 0);
  }

  /** The call is made: it counts against the key. */
  take(deployment: Deployment, tokens: number): void {
    const limiter = this.limiters.get(`${deployment.platform}:${deployment.key}`);
    if (!limiter) return;
    limiter.requests?.take(1);
    limiter.tokens?.take(tokens);
  }
}

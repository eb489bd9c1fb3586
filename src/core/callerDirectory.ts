import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/catalog';
import { ANONYMOUS_CALLER } from '../cache/cacheKey';
import { ConfigError } from '../config/loadConfig';
import type { CallerConfig } from '../config/schema';
import { RouterError } from '../domain/routerError';
import type { CallerPermissions } from '../policy/planRoute';
import type { Policy } from '../policy/policy';
import { TokenBucket } from './tokenBucket';

export interface Caller {
  id: string;
  permissions: CallerPermissions | undefined;
  limiter: TokenBucket | undefined;
}

const ANONYMOUS: Caller = { id: ANONYMOUS_CALLER, permissions: undefined, limiter: undefined };

/**
 * Callers from config, found by the SHA-256 of their bearer token (only the hash is stored). With no callers
 * configured, authentication is off and every call is the anonymous caller. A caller's identity comes from
 * its token alone: nothing in the request body or other metadata can claim another identity.
 */
export class CallerDirectory {
  private readonly byTokenHash = new Map<string, Caller>();

  /** `strict`: with a fixed catalog, a model the catalog does not know stops the service; a live one may bring it. */
  constructor(callers: readonly CallerConfig[], catalog: Catalog, policy: Policy, strict = true) {
    const ids = new Set<string>();
    callers.forEach((config, i) => {
      const field = `auth.callers[${i}]`;
      if (ids.has(config.id) || config.id === ANONYMOUS_CALLER) throw new ConfigError(`Invalid config: ${field}.id: '${config.id}' is taken`);
      if (this.byTokenHash.has(config.token_sha256)) throw new ConfigError(`Invalid config: ${field}.token_sha256: another caller has the same token`);
      ids.add(config.id);
      config.tasks?.forEach((task, t) => {
        if (!policy.has(task)) throw new ConfigError(`Invalid config: ${field}.tasks[${t}]: unknown task '${task}'`);
      });
      config.models?.forEach((candidate, m) => {
        if (strict && !catalog.resolveCandidate(candidate)) {
          throw new ConfigError(`Invalid config: ${field}.models[${m}]: '${candidate}' is not a model in the catalog`);
        }
      });
      const models = config.models;
      const rate = config.requests_per_second;
      this.byTokenHash.set(config.token_sha256, {
        id: config.id,
        permissions: config.tasks || models ? { tasks: config.tasks && new Set(config.tasks), models } : undefined,
        limiter: rate ? new TokenBucket(rate, config.burst ?? Math.max(1, Math.ceil(rate))) : undefined,
      });
    });
  }

  get enabled(): boolean {
    return this.byTokenHash.size > 0;
  }

  /** The caller a token belongs to; unauthenticated when auth is on and it matches none. */
  authenticate(token: string | undefined): Caller {
    if (!this.enabled) return ANONYMOUS;
    if (!token) {
      throw new RouterError('unauthenticated', "missing token: send gRPC metadata 'authorization: Bearer <token>' (HTTP: x-api-key or Authorization)");
    }
    const caller = this.byTokenHash.get(createHash('sha256').update(token).digest('hex'));
    if (!caller) throw new RouterError('unauthenticated', 'unknown token');
    return caller;
  }
}

/** Rate limited when the caller is over its request rate. */
export function admit(caller: Caller): void {
  if (caller.limiter && !caller.limiter.tryTake()) {
    throw new RouterError('rate_limited', `caller '${caller.id}' is over its request rate; retry with backoff`, {
      retryAfterMs: caller.limiter.waitMs(),
    });
  }
}

import type { Logger } from '../observability/logger';
import type { RedisClient } from '../redis/redisClient';
import type { FleetRedis } from './fleetRedis';
import type { FleetFeature } from './localFallback';

type State = 'closed' | 'open' | 'half_open';

interface Signal {
  /** The replica that sent it. */
  r: string;
  /** Deployment (breaker key). */
  d: string;
  s: 'open' | 'closed';
}

const CHANNEL = 'breakers';

// Frees the probe slot only when it is still ours (it may have expired and been taken by another replica).
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface SharedBreakerHooks {
  /** Follow another replica's breaker for `key` (BreakerRegistry.follow). */
  follow(key: string, state: 'open' | 'closed'): void;
  signal(direction: 'sent' | 'received', state: string): void;
  fellBack(feature: FleetFeature, reason: string): void;
}

/**
 * Breakers across the fleet: an opening or a closing here is published, and the other replicas follow it at once
 * (pub/sub, so within a round trip). When breakers go half-open, the replicas race for one probe slot in Redis
 * (SET NX with a TTL as long as a probe may take); the others stay shut until the probe's outcome arrives as the
 * next opening or closing, or the slot expires (its holder died) and they race again. Without Redis each replica
 * probes for itself, as before.
 */
export class SharedBreakers {
  /** Half-open breakers: whether this replica holds the probe slot, and the timer to race again. */
  private readonly probes = new Map<string, { mine: boolean; retry: NodeJS.Timeout | undefined }>();

  constructor(
    private readonly redis: FleetRedis,
    private readonly probeTtlMs: number,
    private readonly hooks: SharedBreakerHooks,
    private readonly logger: Logger,
  ) {
    redis.subscribe(CHANNEL, (message) => this.received(message));
  }

  mayProbe(key: string): boolean {
    if (!this.redis.ready()) return true;
    return this.probes.get(key)?.mine ?? false;
  }

  changed(key: string, state: State, source: 'local' | 'fleet'): void {
    if (state === 'half_open') {
      this.race(key);
      return;
    }
    this.endProbe(key);
    if (source === 'local') {
      const signal: Signal = { r: this.redis.replicaId, d: key, s: state };
      this.redis.publish(CHANNEL, JSON.stringify(signal));
      this.hooks.signal('sent', state);
    }
  }

  close(): void {
    for (const probe of this.probes.values()) clearTimeout(probe.retry);
    this.probes.clear();
  }

  private received(message: string): void {
    let signal: Partial<Signal>;
    try {
      signal = JSON.parse(message) as Partial<Signal>;
    } catch {
      return;
    }
    if (signal.r === this.redis.replicaId || typeof signal.d !== 'string' || (signal.s !== 'open' && signal.s !== 'closed')) return;
    this.hooks.signal('received', signal.s);
    this.hooks.follow(signal.d, signal.s);
  }

  /** Takes the fleet's probe slot for `key` if it is free; else waits for the outcome, or for the slot to expire. */
  private race(key: string): void {
    const client = this.redis.ready();
    const entry = { mine: false, retry: undefined as NodeJS.Timeout | undefined };
    this.endProbe(key);
    this.probes.set(key, entry);
    if (!client) {
      // Redis down: this replica probes for itself, as it would alone.
      entry.mine = true;
      return;
    }
    client.set(this.slotKey(key), this.redis.replicaId, 'PX', this.probeTtlMs, 'NX').then(
      (reply) => {
        if (this.probes.get(key) !== entry) return;
        if (reply === 'OK') entry.mine = true;
        else {
          entry.retry = setTimeout(() => {
            if (this.probes.get(key) === entry) this.race(key);
          }, this.probeTtlMs);
          entry.retry.unref();
        }
      },
      (err: unknown) => {
        // Redis could not say: probe alone rather than never.
        if (this.probes.get(key) === entry) entry.mine = true;
        this.hooks.fellBack('breaker', err instanceof Error ? err.message : 'redis command failed');
      },
    );
  }

  private endProbe(key: string): void {
    const probe = this.probes.get(key);
    if (!probe) return;
    clearTimeout(probe.retry);
    this.probes.delete(key);
    const client = this.redis.ready();
    if (probe.mine && client) this.release(client, key);
  }

  private release(client: RedisClient, key: string): void {
    client.eval(RELEASE_SCRIPT, 1, this.slotKey(key), this.redis.replicaId).catch((err: unknown) => {
      this.logger.debug('probe slot not released; it expires', { event: 'fleet_probe_release', deployment: key, reason: String(err) });
    });
  }

  private slotKey(key: string): string {
    return `${this.redis.prefix}breaker:{${key}}:probe`;
  }
}

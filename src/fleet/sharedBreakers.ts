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
/** A slot this close to its end is not used for a probe: it could expire under the probe before the first renewal. */
const RENEW_MARGIN_MS = 250;

// Frees the probe slot only when it is still ours (it may have expired and been taken by another replica).
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
// Keeps the slot while this replica's probe runs, only if it is still ours.
const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

interface ProbeSlot {
  /** This replica holds the fleet's probe slot (until `expiresAt`, unless it renews it). */
  mine: boolean;
  expiresAt: number;
  /** Renews the slot while this replica's probe is under way (at most as long as one attempt may take). */
  renew: NodeJS.Timeout | undefined;
  renewUntil: number;
  /** Races again once the slot another replica holds may have expired. */
  retry: NodeJS.Timeout | undefined;
}

export interface SharedBreakerHooks {
  /** Follow another replica's breaker for `key` (BreakerRegistry.follow). */
  follow(key: string, state: 'open' | 'closed'): void;
  signal(direction: 'sent' | 'received', state: string): void;
  fellBack(feature: FleetFeature, reason: string): void;
}

/**
 * Breakers across the fleet: an opening or a closing here is published, and the other replicas follow it at once
 * (pub/sub, so within a round trip). When breakers go half-open, the replicas race for one probe slot in Redis
 * (SET NX with a short TTL, renewed by its holder while its probe runs); the others stay shut until the probe's
 * outcome arrives as the next opening or closing, or the slot lapses (unused, or its holder died) and they race again. Without Redis each replica
 * probes for itself, as before.
 */
export class SharedBreakers {
  /** Half-open breakers: whether this replica holds the probe slot, and its timers. */
  private readonly probes = new Map<string, ProbeSlot>();

  constructor(
    private readonly redis: FleetRedis,
    private readonly probeTtlMs: number,
    /** The longest a probe (one attempt) may run: upstream.timeout_ms. */
    private readonly maxProbeMs: number,
    private readonly hooks: SharedBreakerHooks,
    private readonly logger: Logger,
  ) {
    redis.subscribe(CHANNEL, (message) => this.received(message));
  }

  /**
   * Asked when a half-open breaker is about to admit its probe: true only while this replica holds the slot. From
   * then on the slot is renewed until the probe's outcome changes the breaker, so a long probe keeps it; a slot won
   * but left unused expires, and the replicas race for it again.
   */
  mayProbe(key: string): boolean {
    const client = this.redis.ready();
    if (!client) return true;
    const slot = this.probes.get(key);
    if (!slot?.mine) return false;
    if (slot.renew) return true;
    if (Date.now() >= slot.expiresAt - Math.min(RENEW_MARGIN_MS, this.probeTtlMs / 10)) {
      this.race(key);
      return false;
    }
    slot.renewUntil = Date.now() + this.maxProbeMs;
    slot.renew = setInterval(() => this.renew(key, slot), Math.max(50, Math.floor(this.probeTtlMs / 3)));
    slot.renew.unref();
    return true;
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
    for (const probe of this.probes.values()) {
      clearTimeout(probe.retry);
      clearInterval(probe.renew);
    }
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
    const slot: ProbeSlot = { mine: false, expiresAt: 0, renew: undefined, renewUntil: 0, retry: undefined };
    this.endProbe(key);
    this.probes.set(key, slot);
    if (!client) {
      // Redis down: this replica probes for itself, as it would alone (mayProbe says so while it stays down).
      this.hooks.fellBack('breaker', 'redis unavailable');
      slot.retry = this.later(key, slot);
      return;
    }
    const started = Date.now();
    client.set(this.slotKey(key), this.redis.replicaId, 'PX', this.probeTtlMs, 'NX').then(
      (reply) => {
        if (this.probes.get(key) !== slot) return;
        if (reply === 'OK') {
          slot.mine = true;
          slot.expiresAt = started + this.probeTtlMs;
        } else slot.retry = this.later(key, slot);
      },
      (err: unknown) => {
        if (this.probes.get(key) !== slot) return;
        this.hooks.fellBack('breaker', err instanceof Error ? err.message : 'redis command failed');
        slot.retry = this.later(key, slot);
      },
    );
  }

  /** Races again once the other replica's slot may have expired (or Redis may be back). */
  private later(key: string, slot: ProbeSlot): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.probes.get(key) === slot && !slot.mine) this.race(key);
    }, this.probeTtlMs);
    timer.unref();
    return timer;
  }

  private renew(key: string, slot: ProbeSlot): void {
    const client = this.redis.ready();
    if (!client) return;
    // No probe takes longer than an attempt may: past that the slot is let go to expire, and the race starts again.
    if (Date.now() > slot.renewUntil) {
      clearInterval(slot.renew);
      slot.renew = undefined;
      slot.expiresAt = 0;
      return;
    }
    client.eval(RENEW_SCRIPT, 1, this.slotKey(key), this.redis.replicaId, this.probeTtlMs).then(
      (renewed) => {
        if (this.probes.get(key) !== slot) return;
        // Lost (it expired while Redis was unreachable, and another replica took it): that replica probes now.
        if (renewed === 0) {
          clearInterval(slot.renew);
          slot.mine = false;
        } else slot.expiresAt = Date.now() + this.probeTtlMs;
      },
      () => undefined,
    );
  }

  private endProbe(key: string): void {
    const probe = this.probes.get(key);
    if (!probe) return;
    clearTimeout(probe.retry);
    clearInterval(probe.renew);
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

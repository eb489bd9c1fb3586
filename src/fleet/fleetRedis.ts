import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../observability/logger';
import { buildRedisClient, closeRedisClient, endpointFields, errorMessage, type RedisClient, type RedisEndpoint } from '../redis/redisClient';

/**
 * The replicas' shared state in Redis: one command connection (fails fast, never queues) and one subscriber.
 * Every user of it keeps local state too and falls back to it while `ready()` is undefined: Redis being down
 * must never make a call wait or fail.
 */
export interface FleetRedis {
  /** Every key and channel starts with it (cache.redis settings + fleet.key_prefix). */
  readonly prefix: string;
  /** This process, in messages it publishes, so it can tell its own from the others'. */
  readonly replicaId: string;
  /** The command connection while it is up; undefined while it is down. */
  ready(): RedisClient | undefined;
  /** Messages any replica (this one too) publishes on `channel` (the prefix is added). */
  subscribe(channel: string, handler: (message: string) => void): void;
  /** Fire and forget: a message that cannot be sent is dropped (the others fall back to their own state). */
  publish(channel: string, message: string): void;
  /** Each time the command connection comes (back) up. */
  onReady(listener: () => void): void;
  close(): Promise<void>;
}

export function connectFleetRedis(endpoint: RedisEndpoint, prefix: string, logger: Logger): FleetRedis {
  const log = logger.child({ component: 'fleet.redis', ...endpointFields(endpoint) });
  const replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const commands = buildRedisClient(endpoint);
  const subscriber = buildRedisClient(endpoint, true);
  const handlers = new Map<string, ((message: string) => void)[]>();
  const readyListeners: (() => void)[] = [];
  let state: 'unknown' | 'up' | 'down' = 'unknown';
  let lastError: string | undefined;
  let closing = false;

  commands.on('error', (err: unknown) => (lastError = errorMessage(err)));
  subscriber.on('error', () => undefined);
  commands.on('ready', () => {
    if (closing) return;
    if (state !== 'up')
      log.info(state === 'unknown' ? 'fleet state shared through redis' : 'fleet state: redis back; shared state resumes', { event: 'fleet_redis_up' });
    state = 'up';
    lastError = undefined;
    for (const listener of readyListeners) listener();
  });
  commands.on('close', () => {
    if (closing || state === 'down') return;
    log.warn('fleet state: redis unavailable; each replica uses its own limits, budgets and breakers until it is back', {
      event: 'fleet_redis_down',
      reason: lastError ?? 'connection closed',
    });
    state = 'down';
  });
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  });

  return {
    prefix,
    replicaId,
    ready: () => (!closing && commands.status === 'ready' ? commands : undefined),
    subscribe(channel, handler) {
      const full = prefix + channel;
      const list = handlers.get(full);
      if (list) {
        list.push(handler);
        return;
      }
      handlers.set(full, [handler]);
      // The subscriber queues SUBSCRIBE until it connects and re-subscribes by itself after a reconnect.
      subscriber.subscribe(full).catch((err: unknown) => log.warn('fleet state: subscribe failed', { channel: full, reason: errorMessage(err) }));
    },
    publish(channel, message) {
      if (closing || commands.status !== 'ready') return;
      commands.publish(prefix + channel, message).catch(() => undefined);
    },
    onReady(listener) {
      readyListeners.push(listener);
    },
    async close() {
      if (closing) return;
      closing = true;
      await Promise.all([closeRedisClient(commands), closeRedisClient(subscriber)]);
    },
  };
}

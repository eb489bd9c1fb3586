import Redis from 'ioredis';
import { createRedisStore, reconnectDelayMs, RedisStore, RedisStoreOptions } from '../../src/cache/redisStore';
import { createMemoryLogger, LogFields, Logger, silentLogger } from '../../src/observability/logger';
import { RedisServerHandle, startRedisServer } from '../fakes/redisServer';
import { sleep, timed, waitFor } from '../fakes/waiting';

// Real redis-server processes on private ports (never the shared 6379). Bounds are generous: noisy 2-core box.
const COMMAND_TIMEOUT_MS = 50;
const FAIL_FAST_BOUND_MS = 500; // a failed read must resolve null well within this
const RECOVERY_WAIT_MS = 8_000; // reconnect backoff is capped at 2 s (+25% jitter)

function storeOptions(url: string, extra: Partial<RedisStoreOptions> = {}): RedisStoreOptions {
  return { url, commandTimeoutMs: COMMAND_TIMEOUT_MS, connectTimeoutMs: 1000, maxEntryBytes: 1024, ...extra };
}

/** A store that is tracked for cleanup and is connected before the test starts using it. */
async function connectedStore(url: string, logger: Logger, extra: Partial<RedisStoreOptions> = {}): Promise<RedisStore> {
  const store = createRedisStore(storeOptions(url, extra), logger);
  openStores.push(store);
  await waitFor('store connected', () => store.state() === 'up', 5_000, 10);
  return store;
}

async function hitsResume(store: RedisStore, key: string): Promise<void> {
  await waitFor(
    'a set followed by a get to hit again',
    async () => {
      store.set(key, 'back', 60);
      return (await store.get(key)) === 'back';
    },
    RECOVERY_WAIT_MS,
    100,
  );
}

const openStores: RedisStore[] = [];
const servers: RedisServerHandle[] = [];

async function newServer(): Promise<RedisServerHandle> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(openStores.map((s) => s.close()));
  await Promise.all(servers.map((s) => s.stop()));
});

const byMsg = (records: LogFields[], level: string, fragment: string): LogFields[] =>
  records.filter((r) => r.level === level && String(r.msg).includes(fragment));

describe('redis store against a healthy redis-server', () => {
  let server: RedisServerHandle;
  let a: RedisStore;
  let b: RedisStore;
  let raw: Redis;

  beforeAll(async () => {
    server = await newServer();
    a = await connectedStore(server.url, silentLogger);
    b = await connectedStore(server.url, silentLogger);
    raw = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.quit();
  });

  it('set then get hits; an unknown key misses; counters follow', async () => {
    expect(a.kind).toBe('redis');
    const before = a.stats();
    a.set('hello', 'world', 60);
    expect(await a.get('hello')).toBe('world');
    expect(await a.get('no-such-key')).toBeNull();
    expect(await raw.ttl('hello')).toBeGreaterThan(55);
    const after = a.stats();
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
    expect(after.sets - before.sets).toBe(1);
    expect(after.errors).toBe(0);
  });

  it('entries expire after their TTL (1 s)', async () => {
    const setAt = Date.now();
    a.set('short-lived', 'v', 1);
    expect(await a.get('short-lived')).toBe('v');
    const pttl = await raw.pttl('short-lived');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
    await waitFor('the entry to expire', async () => (await a.get('short-lived')) === null, 4_000);
    expect(Date.now() - setAt).toBeGreaterThanOrEqual(900);
  });

  it('does not store values over maxEntryBytes (UTF-8 bytes) and counts them', async () => {
    const before = a.stats().skippedTooLarge;
    a.set('fits', 'x'.repeat(1024), 60);
    a.set('too-big', 'x'.repeat(1025), 60);
    a.set('too-big-utf8', 'é'.repeat(600), 60); // 600 chars, 1200 bytes
    expect(await a.get('fits')).toBe('x'.repeat(1024));
    expect(await a.get('too-big')).toBeNull();
    expect(await a.get('too-big-utf8')).toBeNull();
    expect(await raw.exists('too-big', 'too-big-utf8')).toBe(0);
    expect(a.stats().skippedTooLarge - before).toBe(2);
  });

  it('two store instances on the same server see each other’s entries', async () => {
    a.set('shared-1', 'from-a', 60);
    expect(await a.get('shared-1')).toBe('from-a'); // same connection: ordered after the SET
    expect(await b.get('shared-1')).toBe('from-a');
    b.set('shared-2', 'from-b', 60);
    expect(await b.get('shared-2')).toBe('from-b');
    expect(await a.get('shared-2')).toBe('from-b');
  });

  it('keyPrefix is applied to cache and lock keys', async () => {
    const p = await connectedStore(server.url, silentLogger, { keyPrefix: 'mr:', lockPrefix: 'lk:' });
    p.set('k', 'v', 60);
    expect(await p.get('k')).toBe('v');
    expect(await raw.get('mr:k')).toBe('v');
    expect(await p.tryLock('fill', 5_000)).toBe('acquired');
    expect(await raw.exists('mr:lk:fill')).toBe(1);
  });

  it('tryLock: first acquired, second held, acquired again after unlock; a foreign unlock does not release it', async () => {
    expect(await a.tryLock('fill:x', 10_000)).toBe('acquired');
    expect(await b.tryLock('fill:x', 10_000)).toBe('held');
    expect(await a.tryLock('fill:x', 10_000)).toBe('held'); // held, even by the same store
    b.unlock('fill:x'); // b does not hold it: no effect
    await b.get('sync'); // same connection, so the unlock (if any) has been processed
    expect(await b.tryLock('fill:x', 10_000)).toBe('held');
    expect(await raw.exists('lock:fill:x')).toBe(1);

    a.unlock('fill:x');
    await waitFor('lock released', async () => (await raw.exists('lock:fill:x')) === 0, 2_000, 10);
    expect(await b.tryLock('fill:x', 10_000)).toBe('acquired');
    b.unlock('fill:x');
  });

  it('unlock does not delete a lock that expired and was taken by someone else', async () => {
    expect(await a.tryLock('fill:y', 200)).toBe('acquired');
    await waitFor('lock to expire', async () => (await raw.exists('lock:fill:y')) === 0, 3_000, 20);
    expect(await b.tryLock('fill:y', 10_000)).toBe('acquired');
    a.unlock('fill:y'); // stale owner: its token no longer matches
    await a.get('sync'); // same connection, so the unlock script has run
    expect(await raw.exists('lock:fill:y')).toBe(1);
    expect(await a.tryLock('fill:y', 10_000)).toBe('held');
    b.unlock('fill:y');
  });

  it('a lock expires after its ttl', async () => {
    expect(await a.tryLock('fill:z', 300)).toBe('acquired');
    expect(await b.tryLock('fill:z', 300)).toBe('held');
    await sleep(600);
    expect(await b.tryLock('fill:z', 300)).toBe('acquired');
  });
});

describe('redis store when Redis dies, hangs and comes back', () => {
  it('killed: reads resolve null fast and writes/locks do not throw; restarted: hits resume on the same store; logs once per transition', async () => {
    const server = await newServer();
    const mem = createMemoryLogger();
    const store = await connectedStore(server.url, mem.logger);
    // Same settings but a long command timeout: while disconnected its reads must still fail at once
    // (no offline queue), not after waiting for a timeout or a reconnect attempt.
    const patient = await connectedStore(server.url, silentLogger, { commandTimeoutMs: 2_000 });
    store.set('k', 'v', 60);
    expect(await store.get('k')).toBe('v');
    expect(byMsg(mem.records(), 'info', 'connected')).toHaveLength(1);

    await server.kill();
    const errorsBefore = store.stats().errors;

    // The first read after the kill may still be on the dying connection; either way it must be bounded.
    const first = await timed(store.get('k'));
    expect(first.value).toBeNull();
    expect(first.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
    await waitFor('state() to report down', () => store.state() === 'down' && patient.state() === 'down', 5_000, 10);

    for (let i = 0; i < 20; i++) {
      const r = await timed(store.get(`k${i}`));
      expect(r.value).toBeNull();
      expect(r.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
    }
    const burst = await timed(Promise.all(Array.from({ length: 30 }, (_, i) => store.get(`burst${i}`))));
    expect(burst.value.every((v) => v === null)).toBe(true);
    expect(burst.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
    expect(() => store.set('k', 'v2', 60)).not.toThrow();
    expect(await store.tryLock('fill', 1_000)).toBe('unavailable');
    expect(() => store.unlock('fill')).not.toThrow();
    await sleep(50); // let the fire-and-forget SET fail
    expect(store.stats().errors - errorsBefore).toBeGreaterThanOrEqual(1 + 20 + 30 + 1 + 1);

    const patientReads = await timed(
      (async () => {
        for (let i = 0; i < 20; i++) expect(await patient.get('k')).toBeNull();
      })(),
    );
    expect(patientReads.ms).toBeLessThan(FAIL_FAST_BOUND_MS);

    // Stay down across several reconnect attempts (backoff 50, 100, 200, ... ms) while traffic keeps failing.
    const downUntil = Date.now() + 3_000;
    while (Date.now() < downUntil) {
      expect(await store.get('k')).toBeNull();
      await sleep(100);
    }

    await server.restart();
    await hitsResume(store, 'k');
    await hitsResume(patient, 'k');
    expect(store.state()).toBe('up');

    const records = mem.records();
    expect(byMsg(records, 'warn', 'down')).toHaveLength(1);
    expect(byMsg(records, 'info', 'recovered')).toHaveLength(1);
    expect(records.filter((r) => r.level === 'warn' || r.level === 'error')).toHaveLength(1);
  }, 30_000);

  it('hung (SIGSTOP): reads resolve null within the command timeout, then fail fast once the connection is dropped; SIGCONT: hits resume', async () => {
    const server = await newServer();
    const mem = createMemoryLogger();
    const store = await connectedStore(server.url, mem.logger);
    store.set('k', 'v', 60);
    expect(await store.get('k')).toBe('v');

    server.pause();
    try {
      // With default ioredis settings (no commandTimeout) these would never settle.
      const single = await timed(store.get('k'));
      expect(single.value).toBeNull();
      expect(single.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
      const burst = await timed(Promise.all(Array.from({ length: 20 }, () => store.get('k'))));
      expect(burst.value.every((v) => v === null)).toBe(true);
      expect(burst.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
      expect(() => store.set('k', 'v2', 60)).not.toThrow();
      const lock = await timed(store.tryLock('fill', 1_000));
      expect(lock.value).toBe('unavailable');
      expect(lock.ms).toBeLessThan(FAIL_FAST_BOUND_MS);

      // socketTimeout (default 1 s) tears the hung connection down; after that reads fail without waiting.
      await waitFor('state() to report down', () => store.state() === 'down', 5_000, 20);
      for (let i = 0; i < 10; i++) {
        const r = await timed(store.get('k'));
        expect(r.value).toBeNull();
        expect(r.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
      }
    } finally {
      server.resume();
    }

    await hitsResume(store, 'k');
    expect(store.state()).toBe('up');
    const records = mem.records();
    const downs = byMsg(records, 'warn', 'down');
    expect(downs).toHaveLength(1);
    expect(String(downs[0]?.reason)).toMatch(/timeout/i);
    expect(byMsg(records, 'info', 'recovered')).toHaveLength(1);
  }, 30_000);

  it('Redis down at startup: one warn, reads fail fast, connects by itself when Redis appears', async () => {
    const server = await newServer();
    await server.kill(); // port now refuses connections
    const mem = createMemoryLogger();
    const store = createRedisStore(storeOptions(server.url), mem.logger);
    openStores.push(store);
    await waitFor('startup warning', () => byMsg(mem.records(), 'warn', 'unavailable').length === 1, 5_000, 10);
    expect(store.state()).toBe('down');
    // The reason comes from the client's 'error' events, i.e. the store listens to them (ioredis would otherwise
    // print "[ioredis] Unhandled error event" on every attempt; jest cannot observe that print: the socket error
    // comes from another realm and fails ioredis' `instanceof Error` check inside the jest sandbox).
    expect(String(byMsg(mem.records(), 'warn', 'unavailable')[0]?.reason)).toMatch(/ECONNREFUSED/);
    for (let i = 0; i < 10; i++) {
      const r = await timed(store.get('k'));
      expect(r.value).toBeNull();
      expect(r.ms).toBeLessThan(FAIL_FAST_BOUND_MS);
    }
    await server.restart();
    await hitsResume(store, 'k');
    const records = mem.records();
    expect(byMsg(records, 'warn', 'unavailable')).toHaveLength(1);
    expect(records.filter((r) => r.level === 'warn')).toHaveLength(1);
    expect(byMsg(records, 'info', 'connected')).toHaveLength(1);
  }, 30_000);

  it('close() does not hang on a hung Redis, and in-flight reads still resolve null', async () => {
    const server = await newServer();
    const store = await connectedStore(server.url, silentLogger);
    server.pause();
    try {
      const inFlight = store.get('k');
      const closed = await timed(store.close(), 5_000);
      expect(closed.ms).toBeLessThan(2_000);
      expect((await timed(inFlight)).value).toBeNull();
      expect(store.state()).toBe('down');
      expect(await store.get('k')).toBeNull();
      expect(() => store.set('k', 'v', 60)).not.toThrow();
    } finally {
      server.resume();
    }
  }, 15_000);
});

describe('reconnect backoff', () => {
  it('grows exponentially from 50 ms, caps at 2 s, with ±25% jitter, and never gives up', () => {
    expect(reconnectDelayMs(1, () => 0.5)).toBe(50);
    expect(reconnectDelayMs(2, () => 0.5)).toBe(100);
    expect(reconnectDelayMs(5, () => 0.5)).toBe(800);
    expect(reconnectDelayMs(7, () => 0.5)).toBe(2000);
    expect(reconnectDelayMs(10_000, () => 0.5)).toBe(2000);
    expect(reconnectDelayMs(10_000, () => 0)).toBe(1500);
    expect(reconnectDelayMs(10_000, () => 0.999999)).toBe(2500);
    expect(reconnectDelayMs(3, () => 0)).toBe(150);
  });
});

import { readFileSync } from 'node:fs';
import { createCacheStore } from '../../src/cache/createCacheStore';
import { parseConfig } from '../../src/config/loadConfig';
import { silentLogger } from '../../src/observability/logger';
import { freePort } from '../fakes/freePort';
import { CONFIG_PATH } from '../fakes/routerHarness';

const base = (): ReturnType<typeof parseConfig>['cache'] => parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH).cache;

describe('createCacheStore', () => {
  it('is the in-process LRU without REDIS_URL, cluster or sentinel', async () => {
    const store = createCacheStore(base(), silentLogger);
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it.each([
    ['url', async (c: ReturnType<typeof base>) => (c.redis.url = `redis://127.0.0.1:${await freePort()}`)],
    ['cluster', async (c: ReturnType<typeof base>) => (c.redis.cluster = { nodes: [`127.0.0.1:${await freePort()}`] })],
    ['sentinel', async (c: ReturnType<typeof base>) => (c.redis.sentinel = { name: 'mymaster', sentinels: [{ host: '127.0.0.1', port: await freePort() }] })],
  ])('is Redis when %s is configured, and fails open when nothing answers', async (_name, configure) => {
    const config = base();
    await configure(config);
    const store = createCacheStore(config, silentLogger);
    try {
      expect(store.kind).toBe('redis');
      const started = Date.now();
      expect(await store.get('k')).toBeNull();
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await store.close();
    }
  });
});

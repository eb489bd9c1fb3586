import { ask, startHarness } from '../fakes/routerHarness';

describe("the router's connections to upstream", () => {
  it('a config that still sets upstream.max_idle_connections starts and serves, with one warning naming the key', async () => {
    const h = await startHarness({ config: (c) => (c.upstream.max_idle_connections = 256) });
    try {
      expect((await h.complete(ask('hello'))).text).not.toBe('');
      const warnings = h.logs().filter((r) => r['event'] === 'config_ignored');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.['msg']).toMatch(/upstream\.max_idle_connections.*upstream\.keep_alive_ms/);
    } finally {
      await h.close();
    }
  });

  it('a config without it logs no such warning', async () => {
    const h = await startHarness();
    try {
      await h.complete(ask('hello'));
      expect(h.logs().filter((r) => r['event'] === 'config_ignored')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

/** The bench's own redis-server on a free loopback port, no persistence: the tests' launcher, stopped at the end. */
import { spawnSync } from 'node:child_process';
import { startRedisServer } from '../../test/fakes/redisServer';

export interface RedisHandle {
  url: string;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

/** undefined when there is no redis-server binary (the bench then says so and uses the memory store). */
export async function startRedis(): Promise<RedisHandle | undefined> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const version = /v=([\d.]+)/.exec(probe.stdout)?.[1] ?? 'unknown';
  const server = await startRedisServer();
  return { url: server.url, pid: server.pid, version, stop: () => server.stop() };
}

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort';
import { startRedisServer, waitExit, type RedisServerHandle } from './redisServer';
import { waitFor } from './waiting';

const run = promisify(execFile);

export interface RedisCluster {
  /** host:port of every master. */
  nodes: string[];
  stop(): Promise<void>;
}

/** Three masters, no replicas, every slot assigned: the smallest real Redis Cluster. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const servers = await Promise.all(
    [0, 1, 2].map(() => startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'])),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  const nodes = servers.map((s) => `127.0.0.1:${s.port}`);
  try {
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor('the cluster to agree', async () => (await Promise.all(servers.map(clusterOk))).every(Boolean), 15_000, 100);
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes, stop };
}

async function clusterOk(server: RedisServerHandle): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(server.port), 'cluster', 'info']);
  return stdout.includes('cluster_state:ok');
}

export interface RedisSentinel {
  name: string;
  sentinels: { host: string; port: number }[];
  master: RedisServerHandle;
  stop(): Promise<void>;
}

/** A master watched by one sentinel: clients find the master through the sentinel. */
export async function startRedisSentinel(): Promise<RedisSentinel> {
  const name = 'mr-master';
  const master = await startRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'modelrouter-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${name} 127.0.0.1 ${master.port} 1\n`);
  const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    child.kill('SIGKILL');
    await waitExit(child, 3_000);
    await master.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'the sentinel to know its master',
      async () => {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'sentinel', 'get-master-addr-by-name', name]).catch(() => ({ stdout: '' }));
        return stdout.includes(String(master.port));
      },
      10_000,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, sentinels: [{ host: '127.0.0.1', port }], master, stop };
}

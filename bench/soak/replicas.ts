/**
 * The soak's router replicas: the compiled service (`npm start`'s dist/src/main.js), each its own process with its
 * own ports, all on one fake upstream and one Redis. Their logs (LOG_LEVEL=warn) go to files in a temp dir.
 */
import * as grpc from '@grpc/grpc-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import { waitExit } from '../../test/fakes/redisServer';
import { modelRouterClient } from '../lib/clients';
import { sleep } from '../lib/load';
import { REPO_ROOT } from './knobs';
import { freePort } from '../../test/fakes/freePort';

export const MAIN_JS = join(REPO_ROOT, 'dist', 'src', 'main.js');

export interface Replica {
  name: string;
  pid: number;
  port: number;
  client: ModelRouterClient;
  child: ChildProcess;
  logFile: string;
  /** Set once the process has exited: its code or signal. */
  exit: string | undefined;
}

export interface ReplicaOptions {
  apiKey: string;
  fakeUrl: string;
  redisUrl: string;
  configPath: string;
  logDir: string;
}

// Every replica this process started, so that an exit for any reason (Ctrl-C included) takes them down too.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Ready when it answers GetModel, asked on a client of its own so the load's channel starts without backoff. */
async function waitServing(replica: Replica, timeoutMs: number): Promise<void> {
  const probe = modelRouterClient(replica.port);
  const until = Date.now() + timeoutMs;
  try {
    while (Date.now() < until) {
      if (replica.exit !== undefined) throw new Error(`${replica.name} exited during start-up (${replica.exit}):\n${logTail(replica)}`);
      const ok = await new Promise<boolean>((resolve) =>
        probe.GetModel({ id: 'claude-haiku-4-5' }, { deadline: Date.now() + 1_000 }, (err) => resolve(err === null)),
      );
      if (ok) return;
      await sleep(200);
    }
  } finally {
    probe.close();
  }
  throw new Error(`${replica.name} did not answer within ${timeoutMs} ms:\n${logTail(replica)}`);
}

export function logTail(replica: Replica, lines = 20): string {
  try {
    return readFileSync(replica.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startReplica(index: number, options: ReplicaOptions): Promise<Replica> {
  const port = await freePort();
  const name = `replica-${index + 1}`;
  const logFile = join(options.logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const { ANTHROPIC_API_KEY: _k, ANTHROPIC_BASE_URL: _u, REDIS_URL: _r, ROUTER_CONFIG: _c, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      ROUTER_CONFIG: options.configPath,
      GRPC_PORT: String(port),
      HTTP_PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ANTHROPIC_API_KEY: options.apiKey,
      ANTHROPIC_BASE_URL: options.fakeUrl,
      REDIS_URL: options.redisUrl,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const replica: Replica = { name, pid: child.pid ?? -1, port, client: modelRouterClient(port), child, logFile, exit: undefined };
  child.once('exit', (code, signal) => {
    live.delete(child);
    replica.exit = signal ?? `code ${code ?? '?'}`;
  });
  return replica;
}

export async function startReplicas(count: number, options: ReplicaOptions): Promise<Replica[]> {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` (make soak does)`);
  const replicas = await Promise.all(Array.from({ length: count }, (_, i) => startReplica(i, options)));
  try {
    await Promise.all(replicas.map((r) => waitServing(r, 30_000)));
  } catch (err) {
    await stopReplicas(replicas);
    throw err;
  }
  return replicas;
}

/** SIGTERM (the service drains), SIGKILL after graceMs. Idempotent. */
export async function stopReplicas(replicas: readonly Replica[], graceMs = 8_000): Promise<void> {
  await Promise.all(
    replicas.map(async (r) => {
      r.client.close();
      if (r.child.exitCode !== null || r.child.signalCode !== null) return;
      r.child.kill('SIGTERM');
      if (!(await waitExit(r.child, graceMs))) {
        r.child.kill('SIGKILL');
        await waitExit(r.child, 2_000);
      }
    }),
  );
}

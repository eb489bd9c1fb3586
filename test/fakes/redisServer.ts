import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort';

/**
 * A real redis-server child process on a private port, for tests that need to kill, hang (SIGSTOP) and
 * restart Redis underneath a client. Never uses the shared instance on 6379.
 */
export interface RedisServerHandle {
  port: number;
  url: string;
  /** The current process's pid (changes on restart). */
  readonly pid: number;
  /** SIGKILL, wait for exit. The port stays reserved for restart(). */
  kill(): Promise<void>;
  /** SIGSTOP: the kernel still accepts TCP connections, but nothing is ever answered. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Start again on the SAME port (killing the current process first if it is alive), wait until it answers PING. */
  restart(): Promise<void>;
  /** Clean shutdown (resumes a paused server first, SIGTERM, SIGKILL after 3 s), removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;

// Every live child, so that a crashing test worker still takes its redis-servers down with it.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One raw PING over a fresh TCP connection; resolves true on +PONG within timeoutMs. */
function ping(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let buf = '';
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Resolves true once the child has exited, false if it is still running after timeoutMs. */
export function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** `extraArgs`: more redis-server options, e.g. cluster mode. */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServerHandle> {
  installExitHook();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'modelrouter-redis-'));
  const logFile = path.join(dir, 'redis.log');
  let child: ChildProcess | undefined;
  let stopped = false;

  const logTail = (): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const launch = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        dir,
        '--logfile',
        logFile,
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    live.add(proc);
    let spawnError: Error | undefined;
    proc.once('error', (err) => {
      spawnError = err;
    });
    proc.once('exit', () => live.delete(proc));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`redis-server failed to start: ${spawnError.message}`);
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`redis-server on port ${port} exited early (${proc.exitCode ?? proc.signalCode}):\n${logTail()}`);
      }
      if (await ping(port, 250)) return;
      await sleep(25);
    }
    proc.kill('SIGKILL');
    await waitExit(proc, 2000);
    throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${logTail()}`);
  };

  const killNow = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGKILL'); // works on a stopped process too
    await waitExit(proc, 5000);
  };

  const signal = (sig: NodeJS.Signals): void => {
    const proc = child;
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
  };

  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? -1;
    },
    kill: killNow,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async restart() {
      if (stopped) throw new Error('restart() after stop()');
      await killNow();
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGCONT');
        proc.kill('SIGTERM');
        if (!(await waitExit(proc, STOP_GRACE_MS))) await killNow();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

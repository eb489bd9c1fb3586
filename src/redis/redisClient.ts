import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';

/** Where Redis is and how long anything may take: the cache and the fleet-wide state connect the same way. */
export interface RedisEndpoint {
  /** redis://[user:pass@]host:port/db, rediss:// for TLS. Ignored when cluster or sentinel is given. */
  url?: string;
  /** "host:port" list -> Redis.Cluster. */
  cluster?: { nodes: string[] };
  /** Sentinel-managed master. password is the master's (data node) password. */
  sentinel?: { sentinels: { host: string; port: number }[]; name: string; password?: string };
  /** Prepended by ioredis to every key. */
  keyPrefix?: string;
  /** Per-command deadline; a command without a reply by then fails. */
  commandTimeoutMs: number;
  /** TCP connect deadline per connection attempt. */
  connectTimeoutMs: number;
  /**
   * A connection with commands outstanding that receives no data for this long is torn down and re-established
   * (a hung server, e.g. SIGSTOP or a black-holed network). Default max(1000, 20 * commandTimeoutMs).
   */
  socketTimeoutMs?: number;
}

export type RedisClient = Redis | Cluster;

const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 2000;
export const CLOSE_GRACE_MS = 500;

/**
 * Reconnect delay for attempt n (1-based): min(50 * 2^(n-1), 2000) ms with ±25% jitter. Always returns a
 * number, so ioredis reconnects forever and work resumes by itself once Redis is back.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 16);
  const base = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_CAP_MS);
  return Math.round(base * (0.75 + random() * 0.5));
}

function parseNode(node: string): { host: string; port: number } {
  const idx = node.lastIndexOf(':');
  if (idx <= 0) return { host: node, port: 6379 };
  const port = Number(node.slice(idx + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid redis cluster node "${node}"`);
  return { host: node.slice(0, idx), port };
}

/**
 * A client that never queues or retries commands while Redis is unreachable, bounds every command, and reconnects
 * forever in the background: a caller waits at most commandTimeoutMs on Redis, whatever state it is in.
 * `subscriber`: a connection for pub/sub only, whose SUBSCRIBE may wait for a connection (no caller waits on it).
 */
export function buildRedisClient(options: RedisEndpoint, subscriber = false): RedisClient {
  const socketTimeout = options.socketTimeoutMs ?? Math.max(1000, 20 * options.commandTimeoutMs);
  const perConnection = {
    ...(subscriber ? {} : { commandTimeout: options.commandTimeoutMs }),
    connectTimeout: options.connectTimeoutMs,
    socketTimeout,
    maxRetriesPerRequest: subscriber ? null : 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
  } satisfies RedisOptions;
  // Commands are prefixed where they are built (the Cluster or the Redis instance), so set it once, at that level.
  const prefix = options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {};

  if (options.cluster) {
    const clusterOptions = {
      enableOfflineQueue: subscriber,
      enableAutoPipelining: !subscriber,
      lazyConnect: false,
      clusterRetryStrategy: (times: number) => reconnectDelayMs(times),
      redisOptions: perConnection,
      ...prefix,
    } satisfies ClusterOptions;
    return new Cluster(options.cluster.nodes.map(parseNode), clusterOptions);
  }

  const common = {
    ...perConnection,
    ...prefix,
    enableOfflineQueue: subscriber,
    enableAutoPipelining: !subscriber,
    retryStrategy: (times: number) => reconnectDelayMs(times),
  } satisfies RedisOptions;
  if (options.sentinel) {
    return new Redis({
      ...common,
      sentinels: options.sentinel.sentinels,
      name: options.sentinel.name,
      ...(options.sentinel.password !== undefined ? { password: options.sentinel.password } : {}),
      sentinelRetryStrategy: (times) => reconnectDelayMs(times),
    });
  }
  if (options.url !== undefined) return new Redis(options.url, common);
  return new Redis(common);
}

/** Where the client connects, for logs: never the credentials. */
export function endpointFields(options: RedisEndpoint): Record<string, unknown> {
  if (options.cluster) return { mode: 'cluster', nodes: options.cluster.nodes };
  if (options.sentinel) return { mode: 'sentinel', name: options.sentinel.name };
  if (options.url !== undefined) {
    try {
      const u = new URL(options.url);
      return { mode: 'standalone', endpoint: `${u.protocol}//${u.host}${u.pathname}` };
    } catch {
      return { mode: 'standalone' };
    }
  }
  return { mode: 'standalone', endpoint: 'redis://127.0.0.1:6379' };
}

/** Resolves when p settles or after ms, whichever is first; never rejects, leaves no timer behind. */
export function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    p.then(done, done);
  });
}

/** QUIT when it can, then makes sure the socket is gone: a hung server would otherwise keep the process alive. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  const ended = (): Promise<void> => withTimeout(new Promise<void>((resolve) => client.once('end', () => resolve())), CLOSE_GRACE_MS);
  if (client.status === 'ready') {
    // QUIT lets replies to commands already sent arrive; a hung server would make it wait forever.
    await withTimeout(
      client.quit().then(undefined, () => undefined),
      CLOSE_GRACE_MS,
    );
  }
  if (client.status === 'end') return;
  if (client instanceof Redis) {
    const stream = client.stream as Redis['stream'] | undefined;
    // With no live socket (e.g. between reconnect attempts) disconnect() just cancels the retry; no 'end' follows.
    const wait = stream !== undefined && !stream.destroyed ? ended() : Promise.resolve();
    client.disconnect();
    // disconnect() only half-closes the socket; a hung server never answers the FIN.
    stream?.destroy();
    await wait;
  } else {
    const wait = ended();
    client.disconnect();
    await wait;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

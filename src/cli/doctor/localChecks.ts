import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { fail, ok, type Check } from './check';
import { checkConfig, configPath, type ValidConfig } from './configCheck';

/** How long a Redis PING may take, connecting included. */
const REDIS_TIMEOUT_MS = 2000;

export interface LocalChecks {
  checks: Check[];
  /** The config's tasks, when it validated: the route checks' fallback if the router does not list its own. */
  tasks?: string[];
}

/**
 * Beside the service (ROUTER_CONFIG is set or config/router.yaml exists): its config validates, its Redis answers
 * PING, and whether ANTHROPIC_API_KEY is set. Elsewhere there is nothing local to check.
 */
export async function localChecks(env: Readonly<Record<string, string | undefined>>): Promise<LocalChecks> {
  const path = configPath(env, existsSync);
  if (path === undefined) return { checks: [] };
  const outcome = checkConfig(path, env);
  const checks: Check[] = [];
  let config: ValidConfig | undefined;
  if (outcome.ok) {
    config = outcome.config;
    checks.push(ok(`config ${path}`, `valid: ${config.tasks.length} tasks, ${config.models} models`));
  } else {
    checks.push(
      fail(
        `config ${path}`,
        outcome.message,
        'fix the file (or the environment variable named) and restart the router; config/router.yaml is the shipped example',
      ),
    );
  }
  checks.push(await redisCheck(config?.redisUrl ?? (env['REDIS_URL'] || undefined), config?.redisTopology));
  checks.push(apiKeyCheck(env));
  return { checks, ...(config ? { tasks: config.tasks } : {}) };
}

/** A Redis URL may carry a password: only scheme, host and path are ever printed. */
export function redactRedisUrl(url: string): string {
  // Only a redis:// or rediss:// URL that parses is shown (as scheme, host and path): `user:pass@host` without a
  // scheme, or a password with a '#', would otherwise put part of the password where the scheme or host goes.
  if (!/^rediss?:\/\//.test(url)) return '(hidden: not a redis:// URL)';
  try {
    const { protocol, host, pathname, hash } = new URL(url);
    if (hash !== '') return '(hidden)';
    return `${protocol}//${host}${pathname === '/' ? '' : pathname}`;
  } catch {
    return '(hidden: unparseable URL)';
  }
}

async function redisCheck(url: string | undefined, topology: ValidConfig['redisTopology']): Promise<Check> {
  if (url === undefined) {
    return topology !== undefined
      ? ok('redis', `a Redis ${topology} is configured: not checked by doctor`)
      : ok('redis', "REDIS_URL is not set: the response cache is in the router's memory");
  }
  const name = `redis ${redactRedisUrl(url)}`;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_TIMEOUT_MS,
    commandTimeout: REDIS_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // ioredis destroys a socket that does not close this long after disconnect(); its timer would hold the CLI's exit.
    disconnectTimeout: 100,
  });
  // A refused or dropped connection is emitted as an event too: the check reports it (connect() only says "closed").
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await redis.connect();
    await redis.ping();
    await redis.quit().catch(() => undefined);
    return ok(name, 'answers PING');
  } catch (err) {
    const why = lastError?.message ?? (err instanceof Error ? err.message : String(err));
    return fail(name, `no answer to PING: ${why}`, 'start Redis, or fix REDIS_URL (or cache.redis.url); without it the router cannot share its cache');
  } finally {
    // A client that never connected, or has quit, is 'end': disconnecting it again would only arm that timer.
    if (redis.status !== 'end') redis.disconnect();
  }
}

/** Whether the key is set in this environment (the one a router started here gets), never the key. */
function apiKeyCheck(env: Readonly<Record<string, string | undefined>>): Check {
  if (env['ANTHROPIC_API_KEY']) return ok('ANTHROPIC_API_KEY', 'set (not shown): a router started here calls Anthropic');
  return ok(
    'ANTHROPIC_API_KEY',
    'not set: a router started here answers from its built-in simulator, unless the config names Anthropic keys (providers.anthropic.keys), Bedrock or Vertex',
    'set ANTHROPIC_API_KEY (or configure providers) for real answers',
  );
}

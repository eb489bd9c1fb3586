// The one file of the CLI that reads src/config (eslint.config.js allows it this import and no other): doctor
// validates the service's config file with the service's own loader, so it judges the file as the router would.
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../../config/loadConfig';

/** What doctor needs of a config that validated. */
export interface ValidConfig {
  path: string;
  tasks: string[];
  models: number;
  /** cache.redis.url after the environment's overrides (REDIS_URL). */
  redisUrl?: string;
  /** Cluster or sentinel: doctor does not PING those. */
  redisTopology?: 'cluster' | 'sentinel';
}

export type ConfigOutcome = { ok: true; config: ValidConfig } | { ok: false; path: string; message: string };

/** ROUTER_CONFIG, else config/router.yaml when it exists here; undefined when neither is: doctor is not beside the service. */
export function configPath(env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean): string | undefined {
  const named = env['ROUTER_CONFIG'];
  if (named !== undefined && named !== '') return named;
  return exists(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined;
}

/** Loads and validates the config exactly as the router does at start, the environment's overrides included. */
export function checkConfig(path: string, env: Readonly<Record<string, string | undefined>>): ConfigOutcome {
  try {
    const { config, path: resolved } = loadConfig({ ...env, ROUTER_CONFIG: path });
    const { redis } = config.cache;
    return {
      ok: true,
      config: {
        path: resolved,
        tasks: Object.keys(config.policy.tasks),
        models: config.models.length,
        ...(redis.url ? { redisUrl: redis.url } : {}),
        ...(redis.cluster ? { redisTopology: 'cluster' as const } : redis.sentinel ? { redisTopology: 'sentinel' as const } : {}),
      },
    };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, path, message: err.message };
    // A YAML parser's message quotes the offending source line, which may hold a password (cache.redis.url).
    return { ok: false, path, message: err instanceof Error ? (err.message.split('\n')[0] ?? '').slice(0, 300) : 'unreadable' };
  }
}

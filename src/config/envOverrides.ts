type Kind = 'number' | 'string' | 'boolean' | 'list';

interface EnvOverride {
  env: string;
  path: readonly string[];
  kind: Kind;
}

/** Environment variables that override a field of the YAML config (README, "Configuration"). */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'GRPC_PORT', path: ['server', 'grpc_port'], kind: 'number' },
  { env: 'HTTP_PORT', path: ['http', 'port'], kind: 'number' },
  { env: 'HTTP_ENABLED', path: ['http', 'enabled'], kind: 'boolean' },
  { env: 'MAX_REQUEST_BYTES', path: ['limits', 'max_request_bytes'], kind: 'number' },
  { env: 'SHUTDOWN_GRACE_MS', path: ['server', 'shutdown_grace_ms'], kind: 'number' },
  { env: 'METRICS_PORT', path: ['metrics', 'port'], kind: 'number' },
  { env: 'LOG_LEVEL', path: ['logging', 'level'], kind: 'string' },
  { env: 'ANTHROPIC_BASE_URL', path: ['upstream', 'base_url'], kind: 'string' },
  { env: 'UPSTREAM_TIMEOUT_MS', path: ['upstream', 'timeout_ms'], kind: 'number' },
  { env: 'UPSTREAM_MAX_SOCKETS', path: ['upstream', 'max_sockets'], kind: 'number' },
  { env: 'BREAKER_ERROR_THRESHOLD_PERCENT', path: ['resilience', 'breaker', 'error_threshold_percent'], kind: 'number' },
  { env: 'BREAKER_VOLUME_THRESHOLD', path: ['resilience', 'breaker', 'volume_threshold'], kind: 'number' },
  { env: 'BREAKER_RESET_TIMEOUT_MS', path: ['resilience', 'breaker', 'reset_timeout_ms'], kind: 'number' },
  { env: 'BREAKER_CONSECUTIVE_FAILURES', path: ['resilience', 'breaker', 'consecutive_failures'], kind: 'number' },
  { env: 'BREAKER_ROLLING_WINDOW_MS', path: ['resilience', 'breaker', 'rolling_window_ms'], kind: 'number' },
  { env: 'RETRY_MAX_PER_MODEL', path: ['resilience', 'retry', 'max_retries_per_model'], kind: 'number' },
  { env: 'FIRST_TOKEN_TIMEOUT_MS', path: ['resilience', 'first_token_timeout_ms'], kind: 'number' },
  { env: 'STREAM_IDLE_TIMEOUT_MS', path: ['resilience', 'stream_idle_timeout_ms'], kind: 'number' },
  { env: 'ROUTING_INFER_TASK', path: ['routing', 'infer_task'], kind: 'boolean' },
  { env: 'WARMUP_ENABLED', path: ['warmup', 'enabled'], kind: 'boolean' },
  { env: 'HEAP_GROWING_PERCENT', path: ['runtime', 'heap_growing_percent'], kind: 'number' },
  { env: 'IDLE_GC_AFTER_MS', path: ['runtime', 'idle_gc_after_ms'], kind: 'number' },
  { env: 'CACHE_ENABLED', path: ['cache', 'enabled'], kind: 'boolean' },
  { env: 'CACHE_TTL_SECONDS', path: ['cache', 'ttl_seconds'], kind: 'number' },
  { env: 'CACHE_FALLBACK_TTL_SECONDS', path: ['cache', 'fallback_ttl_seconds'], kind: 'number' },
  { env: 'REDIS_URL', path: ['cache', 'redis', 'url'], kind: 'string' },
  { env: 'CACHE_LOCAL_COPY_SECONDS', path: ['cache', 'redis', 'local_copies', 'ttl_seconds'], kind: 'number' },
  { env: 'BEDROCK_REGION', path: ['providers', 'bedrock', 'regions'], kind: 'list' },
  { env: 'BEDROCK_BASE_URL', path: ['providers', 'bedrock', 'base_url'], kind: 'string' },
  { env: 'VERTEX_PROJECT_ID', path: ['providers', 'vertex', 'project_id'], kind: 'string' },
  { env: 'VERTEX_REGION', path: ['providers', 'vertex', 'regions'], kind: 'list' },
  { env: 'VERTEX_BASE_URL', path: ['providers', 'vertex', 'base_url'], kind: 'string' },
  { env: 'CATALOG_LIVE', path: ['catalog', 'live'], kind: 'boolean' },
  { env: 'CATALOG_REFRESH_INTERVAL', path: ['catalog', 'refresh_interval'], kind: 'string' },
];

/** Writes the set environment variables into the raw config; returns which path came from which variable. */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Map<string, string> {
  const origins = new Map<string, string>();
  for (const { env: name, path, kind } of ENV_OVERRIDES) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, path, convert(value, kind));
    origins.set(path.join('.'), name);
  }
  return origins;
}

// Values that do not parse are passed through as strings so the schema reports them against the field.
function convert(value: string, kind: Kind): unknown {
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (kind === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    return value;
  }
  if (kind === 'list')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

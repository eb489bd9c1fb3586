import { readFileSync } from 'node:fs';
import { parseConfig, ConfigError } from '../../src/config/loadConfig';
import { Catalog } from '../../src/catalog/catalog';
import { Policy } from '../../src/policy/policy';
import { CONFIG_PATH } from '../fakes/routerHarness';

const shipped = readFileSync(CONFIG_PATH, 'utf8');

function failure(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('the shipped config validates and builds a catalog and policy', () => {
    const config = parseConfig(shipped, CONFIG_PATH);
    const catalog = Catalog.fromConfig(config.models);
    expect(() => new Policy(config.policy, catalog, true)).not.toThrow();
    expect(config.server.grpc_port).toBe(50051);
  });

  it('environment variables override fields', () => {
    const config = parseConfig(shipped, 'x', {
      GRPC_PORT: '6000',
      UPSTREAM_TIMEOUT_MS: '1234',
      BREAKER_VOLUME_THRESHOLD: '7',
      REDIS_URL: 'redis://127.0.0.1:7000',
      CACHE_TTL_SECONDS: '60',
      LOG_LEVEL: 'debug',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999',
      CACHE_ENABLED: 'false',
    });
    expect(config.server.grpc_port).toBe(6000);
    expect(config.upstream.timeout_ms).toBe(1234);
    expect(config.resilience.breaker.volume_threshold).toBe(7);
    expect(config.cache.redis.url).toBe('redis://127.0.0.1:7000');
    expect(config.cache.ttl_seconds).toBe(60);
    expect(config.logging.level).toBe('debug');
    expect(config.upstream.base_url).toBe('http://127.0.0.1:9999');
    expect(config.cache.enabled).toBe(false);
  });

  it('platform regions are written as each cloud writes them', () => {
    const config = parseConfig(shipped, 'x', { BEDROCK_REGION: 'us-east-1,eu-west-3', VERTEX_PROJECT_ID: 'p', VERTEX_REGION: 'us-east5,europe-west1,global' });
    expect(config.providers.bedrock?.regions).toEqual(['us-east-1', 'eu-west-3']);
    expect(config.providers.vertex?.regions).toEqual(['us-east5', 'europe-west1', 'global']);
    expect(failure(shipped, { VERTEX_PROJECT_ID: 'p', VERTEX_REGION: 'US East' })).toMatch(/providers\.vertex\.regions\[0\].*us-east5/);
  });

  it("runtime.heap_growing_percent: 0 (V8's own) unless HEAP_GROWING_PERCENT says otherwise, within 0-400", () => {
    expect(parseConfig(shipped, 'x').runtime.heap_growing_percent).toBe(0);
    expect(parseConfig(shipped, 'x', { HEAP_GROWING_PERCENT: '20' }).runtime.heap_growing_percent).toBe(20);
    expect(failure(shipped, { HEAP_GROWING_PERCENT: '1000' })).toMatch(/runtime\.heap_growing_percent \(from HEAP_GROWING_PERCENT\)/);
  });

  it('runtime.idle_gc_after_ms: 30 s unless IDLE_GC_AFTER_MS says otherwise (0 turns the idle GC off), growth threshold 16 MB', () => {
    const { runtime } = parseConfig(shipped, 'x');
    expect([runtime.idle_gc_after_ms, runtime.idle_gc_min_growth_mb]).toEqual([30_000, 16]);
    expect(parseConfig(shipped, 'x', { IDLE_GC_AFTER_MS: '0' }).runtime.idle_gc_after_ms).toBe(0);
    expect(failure(shipped, { IDLE_GC_AFTER_MS: '-5' })).toMatch(/runtime\.idle_gc_after_ms \(from IDLE_GC_AFTER_MS\)/);
  });

  it('upstream.keep_alive_ms: 60 s; an older config that still sets max_idle_connections loads, the key kept to be warned about', () => {
    const upstream = parseConfig(shipped, 'x').upstream;
    expect([upstream.keep_alive_ms, upstream.max_idle_connections]).toEqual([60_000, undefined]);
    const older = shipped.replace(/^  keep_alive_ms: .*$/m, '  max_idle_connections: 256');
    expect(older).not.toBe(shipped);
    expect(parseConfig(older, 'x').upstream).toMatchObject({ keep_alive_ms: 60_000, max_idle_connections: 256 });
  });

  it('a bad environment value names the field and the variable', () => {
    expect(failure(shipped, { GRPC_PORT: 'abc' })).toMatch(/server\.grpc_port \(from GRPC_PORT\)/);
    expect(failure(shipped, { BREAKER_ERROR_THRESHOLD_PERCENT: '150' })).toMatch(/resilience\.breaker\.error_threshold_percent/);
  });

  it('a model without a price fails validation, naming the field', () => {
    const text = shipped.replace('    pricing: { input: 1, output: 5, cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.1 }\n', '');
    expect(failure(text)).toMatch(/models\[1\]\.pricing/);
  });

  it('an unknown key is a typo, not silently ignored', () => {
    expect(failure(shipped.replace('  timeout_ms: 60000', '  timeout_msec: 60000'))).toMatch(/upstream/);
  });

  it('duplicate aliases and unresolvable policy candidates stop start-up', () => {
    const config = parseConfig(shipped, 'x');
    const dup = structuredClone(config.models);
    dup[1]!.aliases = ['claude-opus-4-5'];
    expect(() => Catalog.fromConfig(dup)).toThrow(/models\[1\]\.aliases\[0\].*already used by model claude-opus-4-5-20251101/);
    const catalog = Catalog.fromConfig(config.models);
    expect(() => new Policy({ default_task: 'general', tasks: { general: ['family:gpt'] } }, catalog, true)).toThrow(/policy\.tasks\.general\[0\]/);
    expect(() => new Policy({ default_task: 'nope', tasks: { general: ['family:sonnet'] } }, catalog, true)).toThrow(/policy\.default_task/);
    // With a live catalog the next listing may bring the model: skipped and reported, not fatal.
    const lenient = new Policy({ default_task: 'general', tasks: { general: ['family:gpt', 'family:sonnet'] } }, catalog, false);
    expect(lenient.unresolved(catalog)).toEqual(['general: family:gpt']);
    expect(lenient.chain('general', catalog).map((m) => m.id)).toEqual(['claude-sonnet-4-20250514']);
  });
});

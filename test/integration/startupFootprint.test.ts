import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const DIST = join(__dirname, '..', '..', 'dist', 'src');
const CONFIG = join(__dirname, '..', '..', 'config', 'router.yaml');
const PLATFORM_MODULES = ['@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'google-auth-library', '@aws-sdk/credential-providers'];

interface Footprint {
  loaded: string[];
  heapGrowth: number | undefined;
}

/**
 * A fresh process (not jest's module registry) starts the compiled app from the shipped config with the given
 * environment, then reports which platform SDKs Node loaded and the heap growth the process now runs with.
 */
async function startupFootprint(env: Record<string, string>): Promise<Footprint> {
  if (!existsSync(join(DIST, 'app.js'))) throw new Error('dist/src/app.js is missing: run `npm run build` (make test does)');
  const script = `
    const { readFileSync } = require('node:fs');
    const { startApp } = require(${JSON.stringify(join(DIST, 'app.js'))});
    const { parseConfig } = require(${JSON.stringify(join(DIST, 'config', 'loadConfig.js'))});
    const { createLogger } = require(${JSON.stringify(join(DIST, 'observability', 'logger.js'))});
    const { appliedHeapGrowth } = require(${JSON.stringify(join(DIST, 'runtime', 'heapGrowth.js'))});
    (async () => {
      const config = parseConfig(readFileSync(${JSON.stringify(CONFIG)}, 'utf8'), 'router.yaml', process.env);
      Object.assign(config.server, { grpc_port: 0, host: '127.0.0.1' });
      Object.assign(config.http, { port: 0, host: '127.0.0.1' });
      Object.assign(config.metrics, { port: 0 });
      Object.assign(config.catalog, { live: false });
      Object.assign(config.warmup, { enabled: false });
      const app = await startApp({ config, apiKey: 'sk-test', logger: createLogger('silent') });
      const names = ${JSON.stringify(PLATFORM_MODULES)};
      const loaded = names.filter((n) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + n + '/')));
      process.stdout.write(JSON.stringify({ loaded, heapGrowth: appliedHeapGrowth() }));
      await app.close(100);
      process.exit(0);
    })().catch((err) => { process.stderr.write(String(err && err.stack)); process.exit(1); });`;
  const { REDIS_URL: _r, ANTHROPIC_BASE_URL: _b, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { ...inherited, ...env }, timeout: 30_000 });
  return JSON.parse(stdout) as Footprint;
}

describe('start-up footprint', () => {
  it('loads no Bedrock or Vertex SDK, nor their credential libraries, when neither platform is configured', async () => {
    expect((await startupFootprint({})).loaded).toEqual([]);
  });

  it('loads them once a platform is configured', async () => {
    const footprint = await startupFootprint({
      BEDROCK_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDFOOTPRINT',
      AWS_SECRET_ACCESS_KEY: 'footprint-secret',
      VERTEX_PROJECT_ID: 'footprint-project',
      VERTEX_REGION: 'us-east5',
      VERTEX_ACCESS_TOKEN: 'ya29.footprint',
    });
    expect(footprint.loaded).toEqual(expect.arrayContaining(['@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'google-auth-library']));
  });

  it('runs with runtime.heap_growing_percent when one is set (HEAP_GROWING_PERCENT), and leaves V8 its own otherwise', async () => {
    expect((await startupFootprint({})).heapGrowth).toBeUndefined();
    expect((await startupFootprint({ HEAP_GROWING_PERCENT: '35' })).heapGrowth).toBe(35);
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `make bench` cut to one short round of the rows that split the router's added latency (the direct call, the
// router's miss, the minimal proxies for gRPC and HTTP, the echo floor), and `make bench-warmup` cut to one round of
// five calls. Figures are not asserted (timing belongs to the benches); that every row ran, answered correctly and
// was reported is.
const BENCH_JS = join(__dirname, '..', '..', 'dist', 'bench', 'run.js');
const WARMUP_JS = join(__dirname, '..', '..', 'dist', 'bench', 'warmup.js');

/** Runs a compiled bench script to its end: its exit code and everything it printed. */
async function runScript(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` (make test does)`);
  const proc = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  return { code, output };
}

interface Row {
  p50_1: number;
  rps: number;
  errors: number;
  unexpected: number;
}

describe('make bench, shortened to the proxy floor rows', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelrouter-bench-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the gRPC and HTTP proxy floors next to the router and splits the added p50 between them', async () => {
    const json = join(dir, 'bench.json');
    const { code, output } = await runScript(BENCH_JS, {
      BENCH_SCENARIOS: 'direct,miss,proxy,httpmiss,httpproxy,floor',
      BENCH_ROUNDS: '1',
      BENCH_SECONDS: '0.3',
      BENCH_WARMUP_SECONDS: '0',
      BENCH_SETTLE_SECONDS: '0',
      BENCH_FAILOVER: '0',
      BENCH_STREAMS: '0',
      BENCH_CONCURRENCY: '4',
      BENCH_JSON: json,
    });
    if (code !== 0 || !existsSync(json)) throw new Error(`bench exited ${code}:\n${output}`);

    const { summary } = JSON.parse(readFileSync(json, 'utf8')) as { summary: Record<string, unknown> };
    for (const key of ['direct', 'miss', 'proxy', 'httpmiss', 'httpproxy', 'floor']) {
      const row = summary[key] as Row | undefined;
      expect({ key, errors: row?.errors, unexpected: row?.unexpected }).toEqual({ key, errors: 0, unexpected: 0 });
      expect(row?.rps).toBeGreaterThan(0);
      expect(row?.p50_1).toBeGreaterThan(0);
    }
    for (const figure of ['proxy_added_us', 'router_over_proxy_us', 'http_proxy_added_us', 'http_router_over_proxy_us']) {
      expect(Number.isFinite(summary[figure])).toBe(true);
    }
    expect(output).toMatch(/the proxy row adds \d+ µs at p50 @1 to the direct call/);
    expect(output).toMatch(/the httpproxy row adds -?\d+ µs at p50 @1 to the direct call/);
  }, 90_000);

  it('BENCH_PROXY_UPSTREAM=json: the proxy floors ask the fake for one JSON body and still answer correctly', async () => {
    const json = join(dir, 'bench-json.json');
    const { code, output } = await runScript(BENCH_JS, {
      BENCH_SCENARIOS: 'direct,proxy,httpproxy',
      BENCH_PROXY_UPSTREAM: 'json',
      BENCH_ROUNDS: '1',
      BENCH_SECONDS: '0.2',
      BENCH_WARMUP_SECONDS: '0',
      BENCH_SETTLE_SECONDS: '0',
      BENCH_FAILOVER: '0',
      BENCH_STREAMS: '0',
      BENCH_CONCURRENCY: '4',
      BENCH_JSON: json,
    });
    if (code !== 0 || !existsSync(json)) throw new Error(`bench exited ${code}:\n${output}`);
    const { summary } = JSON.parse(readFileSync(json, 'utf8')) as { summary: Record<string, unknown> };
    for (const key of ['proxy', 'httpproxy']) {
      const row = summary[key] as Row | undefined;
      expect({ key, errors: row?.errors, unexpected: row?.unexpected }).toEqual({ key, errors: 0, unexpected: 0 });
      expect(row?.rps).toBeGreaterThan(0);
    }
    expect(output).toContain("proxy floor: grpc-js + the SDK on the router's transport (JSON answers)");
    expect(output).toContain("proxy floor over HTTP: node:http + the SDK on the router's transport (JSON answers)");
  }, 90_000);
});

describe('make bench-warmup, shortened', () => {
  it('times both doors from SERVING, warm-up on and off, beside a warm echo as the control', async () => {
    const { code, output } = await runScript(WARMUP_JS, { BENCH_ROUNDS: '1', BENCH_CALLS: '5', BENCH_SETTLE_SECONDS: '0' });
    if (code !== 0) throw new Error(`bench-warmup exited ${code}:\n${output}`);
    const lines = output.split('\n').filter((l) => l.startsWith('round 1 '));
    const line = (mode: string, what: string): string | undefined => lines.find((l) => l.startsWith(`round 1 warmup=${mode} ${what}`));
    for (const mode of ['on ', 'off']) {
      for (const what of ['grpc', 'http', 'echo (control, warm)']) {
        expect({ mode, what, ratio: /first\/later p99 \d+\.\d\d, slowest \d+\.\d\d$/.test(line(mode, what) ?? '') }).toEqual({ mode, what, ratio: true });
      }
    }
    expect(lines).toHaveLength(6);
  }, 90_000);
});

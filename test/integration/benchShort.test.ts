import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `make bench` cut to one short round of the rows that split the router's added latency: the direct call, the
// router's miss, the minimal proxies (gRPC and HTTP) and the echo floor. Figures are not asserted (timing belongs
// to make bench); that every row ran, answered correctly and was reported is.
const BENCH_JS = join(__dirname, '..', '..', 'dist', 'bench', 'run.js');

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
    if (!existsSync(BENCH_JS)) throw new Error(`${BENCH_JS} is missing: run \`npm run build\` (make test does)`);
    const json = join(dir, 'bench.json');
    const proc = spawn(process.execPath, [BENCH_JS], {
      env: {
        ...process.env,
        BENCH_SCENARIOS: 'direct,miss,proxy,httpmiss,httpproxy,floor',
        BENCH_ROUNDS: '1',
        BENCH_SECONDS: '0.3',
        BENCH_WARMUP_SECONDS: '0',
        BENCH_SETTLE_SECONDS: '0',
        BENCH_FAILOVER: '0',
        BENCH_STREAMS: '0',
        BENCH_CONCURRENCY: '4',
        BENCH_JSON: json,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
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
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `make soak` for 20 s instead of 10 minutes: the compiled script (make test builds it first), its report not
// appended to bench/RESULTS.md but its figures written as JSON, which this test reads.
const SOAK_JS = join(__dirname, '..', '..', 'dist', 'bench', 'soak.js');
const SECONDS = 12;

interface Summary {
  issued: number;
  served: number;
  hung: number;
  truncated: number;
  hungSamples: string[];
  truncatedSamples: string[];
  upstream: { calls: number; injected: Record<string, number> };
  redis: { restarts: number; pauses: number };
  replicas: Array<{ name: string; served: number; samples: number; exitedEarly?: string }>;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  passed: boolean;
}

describe('make soak, shortened (SOAK_SECONDS=12)', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelrouter-soak-test-'));
  });
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves three replicas through random upstream faults and two Redis restarts: nothing hung, nothing truncated', async () => {
    if (!existsSync(SOAK_JS)) throw new Error(`${SOAK_JS} is missing: run \`npm run build\` (make test does)`);
    const json = join(dir, 'soak.json');
    let output = '';
    const proc = spawn(process.execPath, [SOAK_JS], {
      env: { ...process.env, SOAK_SECONDS: String(SECONDS), SOAK_DEADLINE_MS: '8000', SOAK_REPORT: 'off', SOAK_JSON: json },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));

    if (code !== 0 || !existsSync(json)) throw new Error(`soak exited ${code}:\n${output}`);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as Summary;
    expect(summary.checks.filter((c) => !c.ok)).toEqual([]);
    expect(summary.passed).toBe(true);
    expect({ hung: summary.hungSamples, truncated: summary.truncatedSamples }).toEqual({ hung: [], truncated: [] });
    expect(summary.hung).toBe(0);
    expect(summary.truncated).toBe(0);
    expect(summary.redis.restarts).toBe(2);
    expect(summary.redis.pauses).toBe(1);
    expect(summary.served).toBeGreaterThanOrEqual(200);
    // Every replica took load and stayed up, and the fake upstream did fail some calls.
    expect(summary.replicas).toHaveLength(3);
    for (const replica of summary.replicas) {
      expect(replica.exitedEarly).toBeUndefined();
      expect(replica.served).toBeGreaterThan(0);
      expect(replica.samples).toBeGreaterThanOrEqual(3);
    }
    const injected = Object.values(summary.upstream.injected).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(0);
    expect(output).toContain('## make soak');
  }, 60_000);
});

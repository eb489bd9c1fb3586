import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Runs one scenario of test/fakes/idleScenarios.cjs in a fresh Node process and returns what it printed. */
export async function idleScenario<T>(name: string, env: Record<string, string> = {}): Promise<T> {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'src', 'runtime', 'idleCollector.js'))) {
    throw new Error('dist/src is missing: run `npm run build` (make test does)');
  }
  const { REDIS_URL: _r, ANTHROPIC_BASE_URL: _b, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'idleScenarios.cjs'), name], {
    env: { ...inherited, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as T;
}

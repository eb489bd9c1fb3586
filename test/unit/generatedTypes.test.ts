import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('src/generated', () => {
  it('is what `npm run gen:proto` makes from the proto today (regenerate with `make proto`)', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['gen:proto']!;
    const out = mkdtempSync(join(tmpdir(), 'modelrouter-gen-'));
    const args = script
      .split(' ')
      .slice(1)
      .map((a) => (a === 'src/generated' ? out : a));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'proto-loader-gen-types'), args, { cwd: ROOT, stdio: 'pipe' });
    const fresh = files(out)
      .map((f) => relative(out, f))
      .sort();
    const committed = files(join(ROOT, 'src', 'generated'))
      .map((f) => relative(join(ROOT, 'src', 'generated'), f))
      .sort();
    expect(committed).toEqual(fresh);
    for (const file of fresh) {
      expect(readFileSync(join(ROOT, 'src', 'generated', file), 'utf8')).toBe(readFileSync(join(out, file), 'utf8'));
    }
  });

  it('the runtime loader uses the generator options', () => {
    const { PROTO_LOADER_OPTIONS } = jest.requireActual<typeof import('../../src/transport/grpc/protoLoader')>('../../src/transport/grpc/protoLoader');
    expect(PROTO_LOADER_OPTIONS).toEqual({ keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../fakes/freePort';
import { readmeBlocks, ROOT } from '../fakes/readmeCommands';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

/*
 * Issue "Clients and operations": the README's Python gRPC snippet is the one under test. Its ```python block (the
 * one whose first line is the marker below; the other one uses the Anthropic SDK against the HTTP door) runs as
 * written with Debian's /usr/bin/python3, grpcio and the stubs protoc and grpc_python_plugin generate from the proto,
 * against a router process. Missing Debian packages (.ci/run installs them) fail the test, named.
 */

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const MARKER = '# modelrouter gRPC client (tested)\n';

/** The directory of `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

/** What the snippet needs that is not installed, as the Debian packages to install. */
async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  if (!onPath('protoc')) missing.push('protobuf-compiler (protoc)');
  if (!existsSync('/usr/include/google/protobuf/struct.proto')) missing.push('libprotobuf-dev (google/protobuf/struct.proto)');
  if (!onPath('grpc_python_plugin')) missing.push('protobuf-compiler-grpc (grpc_python_plugin)');
  if (!existsSync(PYTHON)) return [...missing, `python3 (${PYTHON})`, 'python3-grpcio', 'python3-protobuf'];
  for (const [module, pkg] of [
    ['grpc', 'python3-grpcio'],
    ['google.protobuf', 'python3-protobuf'],
  ] as const) {
    await run(PYTHON, ['-c', `import ${module}`]).catch(() => missing.push(`${pkg} (${PYTHON} cannot import ${module})`));
  }
  return missing;
}

const SNIPPETS = readmeBlocks('python').filter((block) => block.startsWith(MARKER));

describe("the README's Python gRPC client (grpcio, stubs from protoc and grpc_python_plugin)", () => {
  let work = '';
  let router: SpawnedRouter | undefined;
  let addr = '';

  beforeAll(async () => {
    const missing = await missingPackages();
    if (missing.length > 0) {
      throw new Error(
        `the Python snippet test needs Debian packages that are missing: ${missing.join(', ')}. Install them: apt-get install -y ` +
          'protobuf-compiler libprotobuf-dev protobuf-compiler-grpc python3-grpcio python3-protobuf (.ci/run does)',
      );
    }
    work = mkdtempSync(join(tmpdir(), 'modelrouter-pysnippet-'));
    // The README's protoc line, into `work` instead of gen/python.
    await run(
      'protoc',
      [
        '-I',
        join(ROOT, 'proto'),
        `--python_out=${work}`,
        `--pyi_out=${work}`,
        `--grpc_out=${work}`,
        `--plugin=protoc-gen-grpc=${onPath('grpc_python_plugin') ?? ''}`,
        'modelrouter/v1/model_router.proto',
      ],
      { cwd: ROOT, timeout: 20_000 },
    );
    const port = await freePort();
    addr = `127.0.0.1:${port}`;
    router = spawnRouter({ GRPC_PORT: String(port) });
    await router.waitForEvent('started');
  });

  afterAll(async () => {
    if (router && router.child.exitCode === null) {
      router.child.kill('SIGKILL');
      await router.exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the README has exactly one block marked as the tested gRPC client, apart from the Anthropic SDK one', () => {
    expect(SNIPPETS).toHaveLength(1);
    expect(readmeBlocks('python').some((block) => block.includes('from anthropic import Anthropic'))).toBe(true);
  });

  it('calls Complete, StreamComplete and ListModels on MODELROUTER_ADDR and prints model and text', async () => {
    const client = join(work, 'readme_client.py');
    writeFileSync(client, SNIPPETS[0] ?? '');
    const { stdout, stderr } = await run(PYTHON, [client], { cwd: work, env: { ...process.env, PYTHONPATH: work, MODELROUTER_ADDR: addr }, timeout: 20_000 });
    expect(stderr).toBe('');
    const [complete, streamed, done, ...models] = stdout.trimEnd().split('\n');
    // Complete: "<model> <text>"; the simulator answers "Simulated reply from <model> to: ...".
    const [, model, text] = /^(claude-\S+) (Simulated reply .*)$/.exec(complete ?? '') ?? [];
    expect({ complete, model }).toEqual({ complete, model: expect.stringMatching(/^claude-/) });
    // StreamComplete: the same text as deltas, then the done chunk's "<model> <stop_reason>".
    expect(streamed).toBe(text);
    expect(done).toBe(`${model} end_turn`);
    // ListModels (limit 5): "<id> <circuit state>".
    expect(models.length).toBeGreaterThan(0);
    expect(models.length).toBeLessThanOrEqual(5);
    for (const line of models) expect(line).toMatch(/^claude-\S+ (closed|open|half_open)$/);
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../fakes/freePort';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

/*
 * Issue 15: clients with strict protobuf runtimes (buf and grpcurl in Go, Python's C++ descriptor pool) refused the
 * descriptors server reflection served (map entries named `Labels` instead of `LabelsEntry`, imports not declared).
 * These run such clients against the real process: buf curl --reflect, and a Python client from protoc's stubs and
 * from reflection. The Python side needs Debian packages (.ci/run installs them); when one is missing the tests fail
 * and say which, instead of being skipped.
 */

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
// Debian's interpreter, the one python3-grpcio and python3-protobuf install into (a PATH python3 may be another).
const PYTHON = '/usr/bin/python3';
const CLIENT_PY = join(ROOT, 'test', 'fakes', 'python', 'client.py');
const REFLECTION_PROTO_DIR = join(require.resolve('@grpc/reflection/package.json'), '..', 'build', 'proto');

const ASK = { task: 'simple_qa', messages: [{ role: 'user', content: 'Hi' }], labels: { client: 'buf' }, temperature: 0 };

let router: SpawnedRouter;
let addr: string;

beforeAll(async () => {
  const port = await freePort();
  addr = `127.0.0.1:${port}`;
  router = spawnRouter({ GRPC_PORT: String(port) });
  await router.waitForEvent('started');
});

afterAll(async () => {
  if (router.child.exitCode === null) {
    router.child.kill('SIGKILL');
    await router.exited;
  }
});

/** `buf curl` with the schema from server reflection only; the parsed JSON answer. */
async function bufCurl(method: string, body?: unknown): Promise<Record<string, unknown>> {
  const args = [
    'curl',
    '--protocol',
    'grpc',
    '--http2-prior-knowledge',
    '--reflect',
    ...(body === undefined ? [] : ['-d', JSON.stringify(body)]),
    `http://${addr}/${method}`,
  ];
  const { stdout } = await run(BUF, args, { cwd: ROOT, timeout: 10_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('buf curl --reflect (Go protobuf runtime, schema from the server only)', () => {
  it('loads the reflected descriptors: --list-methods names every method of both services', async () => {
    const { stdout } = await run(BUF, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '--reflect', '--list-methods', `http://${addr}`], {
      cwd: ROOT,
      timeout: 10_000,
    });
    const methods = stdout.trim().split('\n');
    for (const m of ['Complete', 'StreamComplete', 'Route', 'ListModels', 'GetModel', 'CountTokens', 'RefreshCatalog', 'GetBudget']) {
      expect(methods).toContain(`modelrouter.v1.ModelRouter/${m}`);
    }
    expect(methods).toEqual(expect.arrayContaining(['grpc.health.v1.Health/Check', 'grpc.health.v1.Health/Watch']));
  });

  it('Complete, with a map field (labels) and a proto3 optional (temperature) in the body, answers text', async () => {
    const answer = await bufCurl('modelrouter.v1.ModelRouter/Complete', ASK);
    expect(answer).toMatchObject({ task: 'simple_qa', stopReason: 'end_turn' });
    expect(String(answer['text'])).toMatch(/\S/);
    expect(String(answer['model'])).toMatch(/^claude-/);
  });

  it('ListModels returns the catalog, each model with an id', async () => {
    const page = await bufCurl('modelrouter.v1.ModelRouter/ListModels', { limit: 100 });
    const models = page['data'] as { id?: string; type?: string }[];
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) expect(model).toMatchObject({ id: expect.stringMatching(/^claude-/), type: 'model' });
  });

  it('grpc.health.v1.Health/Check (its HealthListResponse has the map `statuses`) says SERVING', async () => {
    expect(await bufCurl('grpc.health.v1.Health/Check', {})).toEqual({ status: 'SERVING' });
    expect(await bufCurl('grpc.health.v1.Health/Check', { service: 'modelrouter.v1.ModelRouter' })).toEqual({ status: 'SERVING' });
  });
});

/** The directory of `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

/** What the Python client needs that is not installed, as the Debian packages to install. */
async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  if (!onPath('protoc')) missing.push('protobuf-compiler (protoc)');
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

interface PythonResult {
  request: { has_temperature: boolean; labels: Record<string, string> };
  complete: { text?: string; model?: string; task?: string };
  stream: { events: (string | null)[]; text: string; done: { text?: string; model?: string; stop_reason?: string } | null };
}

describe('a Python client generated with protoc (grpcio, protobuf 3.21 C++ runtime)', () => {
  let stubs = '';
  beforeAll(async () => {
    const missing = await missingPackages();
    if (missing.length > 0) {
      throw new Error(
        `the Python client tests need Debian packages that are missing: ${missing.join(', ')}. Install them: apt-get install -y protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf (.ci/run does)`,
      );
    }
    stubs = mkdtempSync(join(tmpdir(), 'modelrouter-py-'));
    await run(
      'protoc',
      [
        '-I',
        join(ROOT, 'proto'),
        '-I',
        REFLECTION_PROTO_DIR,
        `--python_out=${stubs}`,
        `--grpc_out=${stubs}`,
        `--plugin=protoc-gen-grpc=${onPath('grpc_python_plugin') ?? ''}`,
        'modelrouter/v1/model_router.proto',
        'grpc/reflection/v1/reflection.proto',
      ],
      { cwd: ROOT, timeout: 10_000 },
    );
  });
  afterAll(() => {
    if (stubs) rmSync(stubs, { recursive: true, force: true });
  });

  async function python(mode: 'stubs' | 'reflect'): Promise<PythonResult> {
    const { stdout } = await run(PYTHON, [CLIENT_PY, addr, stubs, mode], { cwd: ROOT, timeout: 15_000 });
    return JSON.parse(stdout) as PythonResult;
  }

  function expectAnswers(result: PythonResult): void {
    // The proto3 `optional` temperature = 0 kept its presence, and the map went into the request.
    expect(result.request).toEqual({ has_temperature: true, labels: { client: 'python' } });
    expect(result.complete).toMatchObject({ task: 'simple_qa', model: expect.stringMatching(/^claude-/) });
    expect(result.complete.text).toMatch(/\S/);
    // The stream ends with the `done` chunk, the whole response, after the text came as deltas.
    expect(result.stream.events.at(-1)).toBe('done');
    expect(result.stream.events).toContain('text_delta');
    expect(result.stream.text).toMatch(/\S/);
    expect(result.stream.done).toMatchObject({ text: result.stream.text, stop_reason: 'end_turn' });
  }

  it('Complete and StreamComplete through the generated stubs', async () => {
    expectAnswers(await python('stubs'));
  });

  it('the same calls with the message types built from server reflection in a fresh descriptor pool', async () => {
    expectAnswers(await python('reflect'));
  });
});

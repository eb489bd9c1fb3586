import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../fakes/freePort';
import { readmeBlocks, ROOT } from '../fakes/readmeCommands';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

/*
 * Issue "Clients and operations": a Go service generates its client from the proto as it is, and the README's Go
 * snippet is the one that works. This generates the stubs with protoc and Debian's protoc-gen-go / protoc-gen-go-grpc,
 * builds the README's ```go block offline against Debian's Go sources (GOPATH mode: there is no module proxy here),
 * and runs it against a router process. The Debian packages come from .ci/run; a missing one fails the test, named.
 */

const run = promisify(execFile);
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
// Debian's toolchain and plugins: the Go sources in /usr/share/gocode are built and tested with these.
const GO = '/usr/bin/go';
const GOFMT = '/usr/bin/gofmt';
const PROTOC_GEN_GO = '/usr/bin/protoc-gen-go';
const PROTOC_GEN_GO_GRPC = '/usr/bin/protoc-gen-go-grpc';
const GOCODE = '/usr/share/gocode';
const STUBS_IMPORT_PATH = 'github.com/modelrouter/modelrouter/gen/go';
const PROTO = 'modelrouter/v1/model_router.proto';
const BUILD_TIMEOUT_MS = 120_000;

/** The directory of `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

/** What the Go client needs that is not installed, as the Debian packages to install. */
function missingPackages(): string[] {
  const gocode = (path: string): string => join(GOCODE, 'src', path);
  const needs: [boolean, string][] = [
    [!!onPath('protoc'), 'protobuf-compiler (protoc)'],
    [existsSync('/usr/include/google/protobuf/struct.proto'), 'libprotobuf-dev (google/protobuf/struct.proto)'],
    [existsSync(PROTOC_GEN_GO), `protoc-gen-go (${PROTOC_GEN_GO}, 1.20 or later for proto3 optional)`],
    [existsSync(PROTOC_GEN_GO_GRPC), `protoc-gen-go-grpc (${PROTOC_GEN_GO_GRPC})`],
    [existsSync(GO) && existsSync(GOFMT), `golang-go (${GO})`],
    [existsSync(gocode('google.golang.org/grpc/clientconn.go')), 'golang-google-grpc-dev (google.golang.org/grpc)'],
    [existsSync(gocode('google.golang.org/protobuf/proto/encode.go')), 'golang-google-protobuf-dev (google.golang.org/protobuf)'],
    // grpc-go builds with github.com/golang/protobuf 1.3 too, then panics decoding answers ("protobuf tag not enough fields").
    [existsSync(gocode('github.com/golang/protobuf/proto/registry.go')), 'golang-github-golang-protobuf-1-5-dev (github.com/golang/protobuf 1.5, not 1.3)'],
    [!!onPath('grpc_python_plugin'), 'protobuf-compiler-grpc (grpc_python_plugin, for proto/buf.gen.yaml)'],
  ];
  return needs.filter(([present]) => !present).map(([, pkg]) => pkg);
}

/** The environment of an offline GOPATH-mode build: no modules, no proxy, no cgo, caches in `work`. */
function goEnv(work: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: work,
    GOENV: 'off',
    GO111MODULE: 'off',
    GOPATH: `${join(work, 'gopath')}${delimiter}${GOCODE}`,
    GOCACHE: join(work, 'gocache'),
    GOFLAGS: '',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** protoc's Go and gRPC stubs for the proto, in `out`/modelrouter/v1 (the README's protoc line). */
async function protocGo(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  await run(
    'protoc',
    [
      '-I',
      join(ROOT, 'proto'),
      `--plugin=protoc-gen-go=${PROTOC_GEN_GO}`,
      `--plugin=protoc-gen-go-grpc=${PROTOC_GEN_GO_GRPC}`,
      `--go_out=${out}`,
      '--go_opt=paths=source_relative',
      `--go-grpc_out=${out}`,
      '--go-grpc_opt=paths=source_relative',
      PROTO,
    ],
    { cwd: ROOT, timeout: 20_000 },
  );
}

/** Generated Go source without the line naming the compiler's version (protoc 3.21 vs buf's "(unknown)"). */
function goSource(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\/\/\s+protoc\s+.*\n/m, '');
}

const SNIPPETS = readmeBlocks('go');

describe("the README's Go client (Debian's Go toolchain, grpc-go and protobuf-go, stubs from protoc)", () => {
  let work = '';
  let binary = '';
  let router: SpawnedRouter | undefined;
  let addr = '';

  beforeAll(async () => {
    const missing = missingPackages();
    if (missing.length > 0) {
      throw new Error(
        `the Go client test needs Debian packages that are missing: ${missing.join(', ')}. Install them: apt-get install -y protobuf-compiler ` +
          'libprotobuf-dev protoc-gen-go protoc-gen-go-grpc golang-go golang-google-grpc-dev golang-google-protobuf-dev ' +
          'golang-github-golang-protobuf-1-5-dev protobuf-compiler-grpc (.ci/run does; not golang-goprotobuf-dev, whose protoc-gen-go 1.3 refuses proto3 optional)',
      );
    }
    expect(SNIPPETS).toHaveLength(1);
    work = mkdtempSync(join(tmpdir(), 'modelrouter-go-'));
    const src = join(work, 'gopath', 'src');
    await protocGo(join(src, STUBS_IMPORT_PATH));
    mkdirSync(join(src, 'readmeclient'), { recursive: true });
    writeFileSync(join(src, 'readmeclient', 'main.go'), SNIPPETS[0] ?? '');
    binary = join(work, 'readmeclient');
    await run(GO, ['build', '-o', binary, 'readmeclient'], { cwd: work, env: goEnv(work), timeout: BUILD_TIMEOUT_MS }).catch((e: unknown) => {
      const { stderr } = e as { stderr?: string };
      throw new Error(`go build of the README's Go snippet failed:\n${stderr ?? String(e)}`);
    });

    const port = await freePort();
    addr = `127.0.0.1:${port}`;
    router = spawnRouter({ GRPC_PORT: String(port) });
    await router.waitForEvent('started');
  }, BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (router && router.child.exitCode === null) {
      router.child.kill('SIGKILL');
      await router.exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the README has one ```go block, and it is gofmt-clean', async () => {
    expect(SNIPPETS).toHaveLength(1);
    const { stdout } = await run(GOFMT, ['-l', join(work, 'gopath', 'src', 'readmeclient')]);
    expect(stdout).toBe('');
  });

  it('calls Complete, StreamComplete and ListModels on MODELROUTER_ADDR and prints model and text', async () => {
    const { stdout, stderr } = await run(binary, [], { env: { ...process.env, MODELROUTER_ADDR: addr }, timeout: 20_000 });
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

  it('proto/buf.gen.yaml (local plugins, no network) generates the same Go stubs, and the Python ones', async () => {
    const out = join(work, 'buf');
    await run(BUF, ['generate', 'proto', '--template', join('proto', 'buf.gen.yaml'), '-o', out], { cwd: ROOT, timeout: 30_000 });
    const bufGo = join(out, 'gen', 'go', 'modelrouter', 'v1');
    const protocGoDir = join(work, 'gopath', 'src', STUBS_IMPORT_PATH, 'modelrouter', 'v1');
    const files = readdirSync(protocGoDir).sort();
    expect(files).toEqual(['model_router.pb.go', 'model_router_grpc.pb.go']);
    expect(readdirSync(bufGo).sort()).toEqual(files);
    for (const file of files) expect(goSource(join(bufGo, file))).toBe(goSource(join(protocGoDir, file)));
    expect(readdirSync(join(out, 'gen', 'python', 'modelrouter', 'v1')).sort()).toEqual([
      'model_router_pb2.py',
      'model_router_pb2.pyi',
      'model_router_pb2_grpc.py',
    ]);
  });
});

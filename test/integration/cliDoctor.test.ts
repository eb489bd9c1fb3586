import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAgainstRouter, runCliAt, scratchDir, type CliRun } from '../fakes/cliRunner';
import { freePort } from '../fakes/freePort';
import { startRedisServer, type RedisServerHandle } from '../fakes/redisServer';
import { HAIKU_45, trip, tuned } from '../fakes/resilience';
import { CONFIG_PATH, startHarness, type Harness } from '../fakes/routerHarness';

const SHIPPED_TASKS = ['simple_qa', 'code_generation', 'complex_reasoning', 'general'];

/** stdout as doctor's lines: every one `ok    name: detail` or `FAIL  name: detail -> action`. */
function lines(r: CliRun): string[] {
  const all = r.out.trimEnd().split('\n');
  for (const line of all) expect(line).toMatch(/^(ok {4}|FAIL {2})\S.*?: \S/);
  return all;
}

function line(r: CliRun, name: string): string {
  const found = lines(r).find((l) => l.slice(6).startsWith(`${name}: `));
  if (found === undefined) throw new Error(`no check '${name}' in:\n${r.out}`);
  return found;
}

describe('modelrouter doctor', () => {
  const router = cliAgainstRouter();
  const scratch = scratchDir('modelrouter-doctor-');
  let h: Harness;
  let addr: string;
  let dir: string;
  beforeAll(() => ({ h, addr, dir } = { h: router.h, addr: router.addr, dir: scratch.path }));

  const doctor = (env: Record<string, string> = {}, args: string[] = []): Promise<CliRun> =>
    runCliAt(addr, ['doctor', ...args], { env: { MODELROUTER_ADDR: addr, ...env } });

  it('against a healthy router, beside the shipped config: every check ok, exit 0', async () => {
    const r = await doctor();
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^doctor: all \d+ checks ok\n$/);
    expect(lines(r)).toEqual([
      `ok    router: ${addr} answers gRPC`,
      'ok    health: SERVING',
      'ok    health modelrouter.v1.ModelRouter: SERVING',
      expect.stringMatching(/^ok {4}models: ListModels lists \d+ models$/),
      'ok    circuits: all closed',
      ...SHIPPED_TASKS.map((task) => expect.stringMatching(new RegExp(`^ok {4}route ${task}: claude-\\S+, (fallbacks claude-|no fallbacks)`))),
      expect.stringMatching(/^ok {4}config config\/router\.yaml: valid: 4 tasks, \d+ models$/),
      "ok    redis: REDIS_URL is not set: the response cache is in the router's memory",
      expect.stringMatching(/^ok {4}ANTHROPIC_API_KEY: not set: .*simulator.* -> set ANTHROPIC_API_KEY/),
    ]);
    expect(line(r, 'route simple_qa')).toContain(': claude-haiku-4-5-20251001, fallbacks claude-3-5-haiku-20241022');
    expect(h.fake.calls()).toBe(0);
  });

  it("the route checks cover the router's tasks, not only the config's", async () => {
    const other = await startHarness({ fake: h.fake, config: (c) => (c.policy.tasks['summarize'] = ['family:haiku']) });
    try {
      const r = await runCliAt(`127.0.0.1:${other.app.port}`, ['doctor']);
      expect(r.code).toBe(0);
      expect(line(r, 'route summarize')).toMatch(/^ok {4}route summarize: claude-haiku-4-5-20251001/);
      for (const task of SHIPPED_TASKS) expect(line(r, `route ${task}`)).toMatch(/^ok /);
    } finally {
      await other.close();
    }
  });

  it('says ANTHROPIC_API_KEY is set without ever printing it', async () => {
    const key = 'sk-ant-doctor-secret-123456';
    const r = await doctor({ ANTHROPIC_API_KEY: key });
    expect(r.code).toBe(0);
    expect(line(r, 'ANTHROPIC_API_KEY')).toBe('ok    ANTHROPIC_API_KEY: set (not shown): a router started here calls Anthropic');
    expect(r.out + r.err).not.toContain(key);
    expect(r.out + r.err).not.toContain('sk-ant');
  });

  it('a config file that does not validate: FAIL naming the file and the field, exit 1; the router checks still run', async () => {
    const file = join(dir, 'bad-router.yaml');
    writeFileSync(file, readFileSync(CONFIG_PATH, 'utf8').replace(/^( {2}default_task: )general$/m, '$1'));
    const r = await doctor({ ROUTER_CONFIG: file });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^doctor: 1 of \d+ checks failed\n$/);
    const failed = lines(r).filter((l) => l.startsWith('FAIL'));
    expect(failed).toEqual([expect.stringContaining(`FAIL  config ${file}: Invalid config ${file}: policy.default_task`)]);
    expect(failed[0]).toMatch(/ -> fix the file/);
    expect(line(r, 'health')).toBe('ok    health: SERVING');
  });

  it('an environment override the schema refuses: FAIL naming the variable', async () => {
    const r = await doctor({ GRPC_PORT: 'fifty' });
    expect(r.code).toBe(1);
    expect(line(r, 'config config/router.yaml')).toMatch(/^FAIL {2}config config\/router\.yaml: Invalid config .*server\.grpc_port \(from GRPC_PORT\)/);
  });

  it('a config file that is not there (ROUTER_CONFIG): FAIL, exit 1', async () => {
    const file = join(dir, 'missing.yaml');
    const r = await doctor({ ROUTER_CONFIG: file });
    expect(r.code).toBe(1);
    expect(line(r, `config ${file}`)).toMatch(/^FAIL {2}config .*missing\.yaml: Cannot read config file/);
  });

  it('not YAML at all: FAIL, exit 1', async () => {
    const file = join(dir, 'not-yaml.yaml');
    writeFileSync(file, 'server: [unclosed\n');
    const r = await doctor({ ROUTER_CONFIG: file });
    expect(r.code).toBe(1);
    expect(line(r, `config ${file}`)).toMatch(/^FAIL {2}config .*not-yaml\.yaml: Config .* is not valid YAML/);
  });

  it('far from the service (no ROUTER_CONFIG, no config/router.yaml here): only the router checks', async () => {
    const before = process.cwd();
    process.chdir(dir);
    try {
      const r = await doctor({ REDIS_URL: 'redis://127.0.0.1:1' });
      expect(r.code).toBe(0);
      expect(lines(r).map((l) => l.slice(6).split(':')[0])).toEqual([
        'router',
        'health',
        'health modelrouter.v1.ModelRouter',
        'models',
        'circuits',
        ...SHIPPED_TASKS.map((t) => `route ${t}`),
      ]);
    } finally {
      process.chdir(before);
    }
  });

  it('against a refused port: FAIL naming the address and what to do, exit 1, the local checks still run', async () => {
    const port = await freePort();
    const r = await runCliAt(`127.0.0.1:${port}`, ['doctor']);
    expect(r.code).toBe(1);
    expect(lines(r)[0]).toBe(
      `FAIL  router: cannot reach 127.0.0.1:${port} (connection refused) -> start the router (make run), or point MODELROUTER_ADDR or --addr at it`,
    );
    expect(r.out).not.toMatch(/^\S+ +(health|models|circuits|route )/m);
    expect(line(r, 'config config/router.yaml')).toMatch(/^ok /);
  });

  it('--json: the same checks as an array, failures included', async () => {
    const port = await freePort();
    const r = await runCliAt(`127.0.0.1:${port}`, ['doctor', '--json']);
    expect(r.code).toBe(1);
    const checks = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(checks[0]).toEqual({
      id: 'router',
      name: 'router',
      ok: false,
      detail: `cannot reach 127.0.0.1:${port} (connection refused)`,
      action: 'start the router (make run), or point MODELROUTER_ADDR or --addr at it',
    });
    expect(checks.find((c) => c['name'] === 'redis')).toMatchObject({ ok: true, action: '' });
    // Scripts key on `id`: the kind of check, never a path or a URL (`name` may carry those).
    const config = checks.find((c) => String(c['name']).startsWith('config '));
    expect(config?.['id']).toBe('config');
    for (const check of checks) expect(String(check['id'])).toMatch(/^[A-Za-z_]+(\.[\w.-]+)?$/);
  });

  describe('Redis', () => {
    let redis: RedisServerHandle;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(() => redis.stop());

    it('REDIS_URL that answers PING: ok', async () => {
      const r = await doctor({ REDIS_URL: redis.url });
      expect(r.code).toBe(0);
      expect(line(r, `redis redis://127.0.0.1:${redis.port}`)).toBe(`ok    redis redis://127.0.0.1:${redis.port}: answers PING`);
    });

    it("REDIS_URL where nothing listens: FAIL within the PING timeout, and the URL's password is never printed", async () => {
      const port = await freePort();
      const started = Date.now();
      const r = await doctor({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}/0` });
      expect(r.code).toBe(1);
      expect(line(r, `redis redis://127.0.0.1:${port}/0`)).toMatch(
        new RegExp(`^FAIL {2}redis redis://127\\.0\\.0\\.1:${port}/0: no answer to PING: .*ECONNREFUSED.* -> start Redis, or fix REDIS_URL`),
      );
      expect(r.out + r.err).not.toContain('hunter2');
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});

describe('modelrouter doctor with an open circuit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { reset_timeout_ms: 60_000 } }) });
  });
  afterAll(() => h.close());

  it('FAIL circuits naming the model, exit 1; routing still works around it', async () => {
    await trip(h, HAIKU_45);
    const r = await runCliAt(`127.0.0.1:${h.app.port}`, ['doctor']);
    expect(r.code).toBe(1);
    expect(line(r, 'circuits')).toMatch(new RegExp(`^FAIL {2}circuits: open: ${HAIKU_45}.* -> upstream calls to these models keep failing`));
    expect(line(r, 'route simple_qa')).toMatch(/^ok /);
    expect(lines(r).filter((l) => l.startsWith('FAIL'))).toHaveLength(1);
  });
});

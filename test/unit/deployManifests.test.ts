/**
 * The deployment files under deploy/ cross-checked against the code and config/router.yaml, so they fail here
 * when one side drifts: ports, env var names, health services, drain timing, the config copy, the image.
 * Nothing is built or applied; deploy/healthcheck.js (the image's HEALTHCHECK) is run against a real health server.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ENV_OVERRIDES } from '../../src/config/envOverrides';
import { MODEL_ROUTER_SERVICE } from '../../src/transport/grpc/health';

// Parsed YAML is untyped; the tests themselves are the schema.
type Obj = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const K8S = join(DEPLOY, 'k8s');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const METRICS_PORT = 9464;
const routerConfig = parseYaml(read('config/router.yaml')) as Obj;
const GRPC_PORT: number = routerConfig['server']['grpc_port'];
const HTTP_PORT: number = routerConfig['http']['port'];
const HEALTH_SERVICES = new Set(['', MODEL_ROUTER_SERVICE]);

/** Env var names the service reads: the config overrides plus the ones read directly. */
// MALLOC_ARENA_MAX is glibc's (the image caps malloc's arenas), not the router's.
const KNOWN_ENV = new Set([...ENV_OVERRIDES.map((o) => o.env), 'ANTHROPIC_API_KEY', 'ROUTER_CONFIG', 'METRICS_PORT', 'NODE_ENV', 'MALLOC_ARENA_MAX']);
const ENV_KIND = new Map(ENV_OVERRIDES.map((o) => [o.env, o.kind]));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function loadYaml(path: string): Obj[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => doc.toJS() as Obj | null)
    .filter((doc): doc is Obj => doc !== null);
}

// ---- Kubernetes objects: every manifest in a kustomization's resources ----
function kustomization(dir: string): { file: Obj; objects: Obj[] } {
  const file = loadYaml(join(dir, 'kustomization.yaml'))[0]!;
  const objects = (file['resources'] as string[]).flatMap((r) => loadYaml(join(dir, r)));
  return { file, objects };
}
const base = kustomization(K8S);
const redisKustomization = kustomization(join(K8S, 'redis'));

function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o['kind'] === kind && o['metadata']?.['name'] === name);
  if (!found) throw new Error(`no ${kind} ${name} in the kustomization's resources`);
  return found;
}
const deployment = find(base.objects, 'Deployment', 'modelrouter');
const podSpec: Obj = deployment['spec']['template']['spec'];
const podLabels: Obj = deployment['spec']['template']['metadata']['labels'];
const container: Obj = podSpec['containers'].find((c: Obj) => c['name'] === 'modelrouter');
const service = find(base.objects, 'Service', 'modelrouter');
const headless = find(base.objects, 'Service', 'modelrouter-headless');
const hpa = find(base.objects, 'HorizontalPodAutoscaler', 'modelrouter');
const pdb = find(base.objects, 'PodDisruptionBudget', 'modelrouter');
const redisService = find(redisKustomization.objects, 'Service', 'modelrouter-redis');
const redisSet = find(redisKustomization.objects, 'StatefulSet', 'modelrouter-redis');

const containerEnv = new Map<string, Obj>((container['env'] as Obj[]).map((e) => [e['name'], e]));
const envValue = (name: string): string | undefined => containerEnv.get(name)?.['value'];
const containerPort = (name: string): number => container['ports'].find((p: Obj) => p['name'] === name)?.['containerPort'];
/** A Service targetPort is a number or the name of a container port. */
const resolveTarget = (port: Obj): number =>
  typeof port['targetPort'] === 'string' ? containerPort(port['targetPort']) : (port['targetPort'] ?? port['port']);
const selects = (selector: Obj, labels: Obj): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

// ---- docker-compose ----
const compose = loadYaml(join(DEPLOY, 'docker-compose.yml'))[0]!;
const router: Obj = compose['services']['router'];
const composeEnv: Record<string, string> = Array.isArray(router['environment'])
  ? Object.fromEntries((router['environment'] as string[]).map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]))
  : router['environment'];

// ---- Dockerfile: instructions (continuations joined, comments dropped), split into stages ----
interface Instruction {
  op: string;
  args: string;
}
const instructions: Instruction[] = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8')
  .replace(/\\\r?\n/g, ' ')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [op, ...rest] = line.split(/\s+/);
    return { op: op!.toUpperCase(), args: rest.join(' ') };
  });
const stages: Instruction[][] = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') stages.push([]);
  stages.at(-1)?.push(ins);
}
const runtime = stages.at(-1) ?? [];
const dockerOps = (op: string): Instruction[] => runtime.filter((i) => i.op === op);
const dockerEnv: Record<string, string> = Object.fromEntries(
  dockerOps('ENV').flatMap((i) => [...i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')])),
);
/** `COPY [--flags] src... dest` in the runtime stage, as { from, sources, dest }. */
const copies = dockerOps('COPY').map((i) => {
  const words = i.args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1).map((p) => p.replace(/^\.\//, '').replace(/\/$/, '')), dest: paths.at(-1)! };
});

/** "15s", "1m30s", "2m" (compose durations) in ms. */
function durationMs(text: string): number {
  const parts = [...String(text).matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0) throw new Error(`not a duration: ${text}`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0);
}

describe('deploy/ manifests', () => {
  test('every YAML file under deploy/ parses without errors or warnings', () => {
    const files = yamlFiles(DEPLOY);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
        expect({ file: relative(ROOT, file), problems }).toEqual({ file: relative(ROOT, file), problems: [] });
      }
    }
  });

  test('kustomizations list every manifest in their folder (except the Secret example) and nothing missing', () => {
    for (const [dir, file] of [
      [K8S, base.file],
      [join(K8S, 'redis'), redisKustomization.file],
    ] as const) {
      const listed = new Set(file['resources'] as string[]);
      for (const resource of listed) expect(existsSync(join(dir, resource))).toBe(true);
      const onDisk = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !['kustomization.yaml', 'router.yaml', 'secret.example.yaml'].includes(f));
      expect([...listed].sort()).toEqual(onDisk.sort());
    }
    expect(base.file['resources']).not.toContain('secret.example.yaml');
  });

  test('gRPC port is config/router.yaml server.grpc_port, HTTP its http.port, and metrics 9464 everywhere', () => {
    expect(GRPC_PORT).toBe(50051);
    expect(HTTP_PORT).toBe(8080);
    if (routerConfig['metrics']?.['port'] !== undefined) expect(routerConfig['metrics']['port']).toBe(METRICS_PORT);
    const wanted = [GRPC_PORT, HTTP_PORT, METRICS_PORT].sort();

    // Dockerfile
    const exposed = dockerOps('EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.split('/')[0])));
    expect(exposed.sort()).toEqual(wanted);
    expect(Number(dockerEnv['GRPC_PORT'])).toBe(GRPC_PORT);
    expect(Number(dockerEnv['HTTP_PORT'])).toBe(HTTP_PORT);
    expect(Number(dockerEnv['METRICS_PORT'])).toBe(METRICS_PORT);

    // compose: "host:container" or the long syntax
    const published = (router['ports'] as (string | Obj)[]).map((p) => {
      if (typeof p === 'object') return [Number(p['published']), Number(p['target'])];
      const parts = String(p).split(':');
      return [Number(parts.at(-2) ?? parts.at(-1)), Number(parts.at(-1))];
    });
    expect(published.map(([, target]) => target).sort()).toEqual(wanted);
    for (const [host, target] of published) expect(host).toBe(target);
    expect(Number(composeEnv['GRPC_PORT'] ?? GRPC_PORT)).toBe(GRPC_PORT);
    expect(Number(composeEnv['HTTP_PORT'] ?? HTTP_PORT)).toBe(HTTP_PORT);
    expect(Number(composeEnv['METRICS_PORT'] ?? METRICS_PORT)).toBe(METRICS_PORT);

    // Deployment
    expect(containerPort('grpc')).toBe(GRPC_PORT);
    expect(containerPort('http')).toBe(HTTP_PORT);
    expect(containerPort('metrics')).toBe(METRICS_PORT);
    expect(Number(envValue('GRPC_PORT') ?? GRPC_PORT)).toBe(GRPC_PORT);
    expect(Number(envValue('HTTP_PORT') ?? HTTP_PORT)).toBe(HTTP_PORT);
    expect(Number(envValue('METRICS_PORT') ?? METRICS_PORT)).toBe(METRICS_PORT);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      if (container[probe]) expect({ probe, port: container[probe]['grpc']?.['port'] }).toEqual({ probe, port: GRPC_PORT });
    }
    const annotations: Obj = deployment['spec']['template']['metadata']['annotations'];
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(METRICS_PORT);
    expect(annotations['prometheus.io/path']).toBe('/metrics');

    // Services
    const byName = (svc: Obj): Record<string, Obj> => Object.fromEntries(svc['spec']['ports'].map((p: Obj) => [p['name'], p]));
    const svcPorts = byName(service);
    expect(service['spec']['type'] ?? 'ClusterIP').toBe('ClusterIP');
    expect([svcPorts['grpc']!['port'], resolveTarget(svcPorts['grpc']!), svcPorts['grpc']!['appProtocol']]).toEqual([GRPC_PORT, GRPC_PORT, 'grpc']);
    expect([svcPorts['metrics']!['port'], resolveTarget(svcPorts['metrics']!)]).toEqual([METRICS_PORT, METRICS_PORT]);
    expect([svcPorts['http']!['port'], resolveTarget(svcPorts['http']!), svcPorts['http']!['appProtocol']]).toEqual([HTTP_PORT, HTTP_PORT, 'http']);
    const headlessPorts = byName(headless);
    expect(headless['spec']['clusterIP']).toBe('None');
    expect([headlessPorts['grpc']!['port'], resolveTarget(headlessPorts['grpc']!)]).toEqual([GRPC_PORT, GRPC_PORT]);
  });

  test('every env var set in the Deployment, compose and the Dockerfile is one the code reads', () => {
    expect(container['envFrom']).toBeUndefined(); // names from envFrom could not be checked
    const sets: Record<string, string[]> = {
      deployment: [...containerEnv.keys()],
      compose: Object.keys(composeEnv),
      Dockerfile: Object.keys(dockerEnv),
    };
    for (const [where, names] of Object.entries(sets)) {
      expect({ where, unknown: names.filter((n) => !KNOWN_ENV.has(n)) }).toEqual({ where, unknown: [] });
    }
    // Literal values of numeric/boolean overrides must convert, or the config schema rejects them at start-up.
    const literals: [string, string][] = [
      ...[...containerEnv.values()].filter((e) => e['value'] !== undefined).map((e): [string, string] => [e['name'], String(e['value'])]),
      ...Object.entries(composeEnv).map(([k, v]): [string, string] => [k, String(v)]),
      ...Object.entries(dockerEnv),
    ];
    for (const [name, value] of literals) {
      if (ENV_KIND.get(name) === 'number') expect({ name, value, ok: /^\d+$/.test(value) }).toEqual({ name, value, ok: true });
      if (ENV_KIND.get(name) === 'boolean') expect({ name, value, ok: /^(true|false|1|0|yes|no|on|off)$/i.test(value) }).toEqual({ name, value, ok: true });
    }
  });

  test('the grpc probes ask the health service the server registers', () => {
    expect(container['readinessProbe']?.['grpc']).toBeDefined();
    expect(container['livenessProbe']?.['grpc']).toBeDefined();
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      if (!container[probe]) continue;
      const svc = container[probe]['grpc']['service'] ?? '';
      expect({ probe, known: HEALTH_SERVICES.has(svc) }).toEqual({ probe, known: true });
    }
    // Kubernetes' grpc probe and deploy/healthcheck.js speak plaintext: TLS in the deployed config would fail them.
    expect(parseYaml(readFileSync(join(K8S, 'router.yaml'), 'utf8'))['server']['tls']).toBeUndefined();
  });

  test('terminationGracePeriodSeconds covers the preStop sleep plus the drain grace', () => {
    const graceMs = Number(envValue('SHUTDOWN_GRACE_MS') ?? routerConfig['server']['shutdown_grace_ms']);
    const preStop: string[] = container['lifecycle']?.['preStop']?.['exec']?.['command'] ?? [];
    const preStopMs = preStop[0] === 'sleep' ? Number(preStop[1]) * 1000 : (container['lifecycle']?.['preStop']?.['sleep']?.['seconds'] ?? 0) * 1000;
    expect(preStopMs).toBeGreaterThan(0);
    expect(podSpec['terminationGracePeriodSeconds'] * 1000).toBeGreaterThan(preStopMs + graceMs);
    // A draining pod is NOT_SERVING; liveness must not kill it before the drain ends.
    const live: Obj = container['livenessProbe'];
    expect((live['periodSeconds'] ?? 10) * (live['failureThreshold'] ?? 3) * 1000).toBeGreaterThan(graceMs);

    const composeGraceMs = Number(composeEnv['SHUTDOWN_GRACE_MS'] ?? routerConfig['server']['shutdown_grace_ms']);
    expect(durationMs(router['stop_grace_period'] ?? '10s')).toBeGreaterThan(composeGraceMs);
  });

  test('the ConfigMap carries config/router.yaml byte for byte and ROUTER_CONFIG points at its mount', () => {
    const generator = (base.file['configMapGenerator'] as Obj[]).find((g) => g['name'] === 'modelrouter-config')!;
    const [key, source] = String(generator['files'][0]).includes('=')
      ? String(generator['files'][0]).split('=')
      : [posix.basename(generator['files'][0]), generator['files'][0]];
    const copy = readFileSync(join(K8S, source!));
    const original = readFileSync(join(ROOT, 'config/router.yaml'));
    if (!copy.equals(original)) throw new Error('deploy/k8s/router.yaml differs from config/router.yaml: cp config/router.yaml deploy/k8s/router.yaml');

    const volume = (podSpec['volumes'] as Obj[]).find((v) => v['configMap']?.['name'] === generator['name']);
    expect(volume).toBeDefined();
    const mount = (container['volumeMounts'] as Obj[]).find((m) => m['name'] === volume!['name'])!;
    const item = (volume!['configMap']['items'] as Obj[] | undefined)?.find((i) => i['key'] === key);
    const fileInVolume = item ? item['path'] : key;
    const mountedAt = mount['subPath'] ? (mount['subPath'] === fileInVolume ? mount['mountPath'] : undefined) : posix.join(mount['mountPath'], fileInVolume!);
    expect(envValue('ROUTER_CONFIG')).toBe(mountedAt);
  });

  test('the Deployment: replicas, resources, security, anti-affinity, Secret, labels, HPA, PDB', () => {
    expect(deployment['spec']['replicas']).toBeGreaterThanOrEqual(2);
    expect(podLabels['app.kubernetes.io/name']).toBe('modelrouter');
    for (const [what, selector] of [
      ['deployment', deployment['spec']['selector']['matchLabels']],
      ['service', service['spec']['selector']],
      ['headless', headless['spec']['selector']],
      ['pdb', pdb['spec']['selector']['matchLabels']],
      [
        'anti-affinity',
        podSpec['affinity']['podAntiAffinity']['preferredDuringSchedulingIgnoredDuringExecution'][0]['podAffinityTerm']['labelSelector']['matchLabels'],
      ],
    ]) {
      expect({
        what,
        selectsRouter: selects(selector, podLabels),
        selectsRedis: selects(selector, redisSet['spec']['template']['metadata']['labels']),
      }).toEqual({ what, selectsRouter: true, selectsRedis: false });
    }
    for (const kind of ['requests', 'limits']) {
      expect(container['resources'][kind]['cpu']).toBeDefined();
      expect(container['resources'][kind]['memory']).toBeDefined();
    }
    const sc: Obj = container['securityContext'];
    expect(sc['runAsNonRoot'] ?? podSpec['securityContext']?.['runAsNonRoot']).toBe(true);
    expect(sc['readOnlyRootFilesystem']).toBe(true);
    expect(sc['allowPrivilegeEscalation']).toBe(false);
    expect(sc['capabilities']['drop']).toContain('ALL');

    const secretRef: Obj = containerEnv.get('ANTHROPIC_API_KEY')!['valueFrom']['secretKeyRef'];
    expect([secretRef['name'], secretRef['key']]).toEqual(['modelrouter-anthropic', 'api-key']);
    const example = loadYaml(join(K8S, 'secret.example.yaml'))[0]!;
    expect([example['kind'], example['metadata']['name'], Object.keys(example['stringData'] ?? example['data'])]).toEqual([
      'Secret',
      secretRef['name'],
      [secretRef['key']],
    ]);

    expect(hpa['apiVersion']).toBe('autoscaling/v2');
    expect([hpa['spec']['scaleTargetRef']['kind'], hpa['spec']['scaleTargetRef']['name']]).toEqual(['Deployment', 'modelrouter']);
    expect(hpa['spec']['minReplicas']).toBeGreaterThanOrEqual(2);
    expect(hpa['spec']['maxReplicas']).toBeGreaterThanOrEqual(hpa['spec']['minReplicas']);
    const cpu = (hpa['spec']['metrics'] as Obj[]).find((m) => m['resource']?.['name'] === 'cpu')!;
    expect(cpu['resource']['target']['averageUtilization']).toBe(70);
    expect(pdb['spec']['minAvailable']).toBeLessThan(hpa['spec']['minReplicas']); // leaves room to evict one
  });

  test('REDIS_URL names the Redis the deploy files provide', () => {
    const k8sRedis = new URL(envValue('REDIS_URL')!);
    expect([k8sRedis.hostname, Number(k8sRedis.port)]).toEqual([redisService['metadata']['name'], redisService['spec']['ports'][0]['port']]);
    expect(selects(redisService['spec']['selector'], redisSet['spec']['template']['metadata']['labels'])).toBe(true);
    expect(selects(redisService['spec']['selector'], podLabels)).toBe(false);
    const args: string[] = redisSet['spec']['template']['spec']['containers'][0]['args'];
    expect(args.slice(0, 5)).toEqual(['redis-server', '--save', '', '--appendonly', 'no']);

    const composeRedis = new URL(composeEnv['REDIS_URL']!);
    expect(compose['services'][composeRedis.hostname]).toBeDefined();
    expect(compose['services'][composeRedis.hostname]['healthcheck']).toBeDefined();
    expect(router['depends_on'][composeRedis.hostname]['condition']).toBe('service_healthy');
    expect(composeEnv['ANTHROPIC_API_KEY']).toBe('${ANTHROPIC_API_KEY:-}');
  });

  test('the Dockerfile: multi-stage, production deps, proto/ and config/, non-root, HEALTHCHECK, CMD = npm start', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerOps('RUN').some((i) => /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(stages[0]!.some((i) => i.op === 'RUN' && /npm run build/.test(i.args))).toBe(true);
    const copied = (source: string): boolean => copies.some((c) => c.sources.includes(source) && c.from === undefined);
    expect(copied('proto')).toBe(true);
    expect(copied('config')).toBe(true);
    expect(copies.some((c) => c.from !== undefined && c.sources.some((s) => s.replace(/^\/app\//, '').startsWith('dist')))).toBe(true);

    // runAsNonRoot can only verify a numeric USER, and it must not be root.
    const user = dockerOps('USER').at(-1)?.args.split(':')[0];
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).not.toBe(0);
    if (podSpec['securityContext']?.['runAsUser'] !== undefined) expect(podSpec['securityContext']['runAsUser']).toBe(Number(user));

    const healthcheck = dockerOps('HEALTHCHECK').at(-1)?.args ?? '';
    const hcCmd = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3)) as string[];
    expect(hcCmd[0]).toBe('node');
    expect(copies.some((c) => c.sources.includes('deploy/healthcheck.js') && posix.basename(c.dest) === posix.basename(hcCmd[1]!))).toBe(true);

    const cmd = JSON.parse(dockerOps('CMD').at(-1)!.args) as string[];
    expect(cmd).toEqual(['node', 'dist/src/main.js']);
    const pkg = JSON.parse(read('package.json')) as Obj;
    expect(pkg['scripts']['start'].split(/\s+/)).toEqual(cmd);
    expect(dockerEnv['NODE_ENV']).toBe('production');

    // The build stage copies the whole context: the ignore file must keep host builds out of it.
    const ignored = read('deploy/Dockerfile.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.git', 'coverage']) expect(ignored).toContain(entry);

    // compose builds this Dockerfile from the repository root.
    const build: Obj = router['build'];
    expect(join(DEPLOY, build['context'])).toBe(ROOT);
    expect(join(DEPLOY, build['context'], build['dockerfile'])).toBe(join(DEPLOY, 'Dockerfile'));
  });
});

describe('deploy/healthcheck.js (the image HEALTHCHECK)', () => {
  const script = join(DEPLOY, 'healthcheck.js');
  const run = (...args: string[]): Promise<{ code: number; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [script, ...args], { cwd: dirname(script), timeout: 15000 }, (err, _stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr });
      });
    });

  let server: grpc.Server;
  let health: HealthImplementation;
  let target: string;
  beforeAll(async () => {
    server = new grpc.Server();
    health = new HealthImplementation({ '': 'NOT_SERVING', [MODEL_ROUTER_SERVICE]: 'NOT_SERVING' });
    health.addToServer(server);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    target = `127.0.0.1:${port}`;
  });
  afterAll(() => server.forceShutdown());

  test('exits 1 while NOT_SERVING, 0 once SERVING, 1 again while draining', async () => {
    expect((await run('', target)).code).toBe(1);
    health.setStatus('', 'SERVING');
    health.setStatus(MODEL_ROUTER_SERVICE, 'SERVING');
    expect(await run('', target)).toEqual({ code: 0, stderr: '' });
    expect((await run(MODEL_ROUTER_SERVICE, target)).code).toBe(0);
    health.setStatus('', 'NOT_SERVING');
    const draining = await run('', target);
    expect(draining.code).toBe(1);
    expect(draining.stderr).toContain('NOT_SERVING');
  });

  test('exits 1 when nothing listens', async () => {
    const closed = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      closed.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    closed.forceShutdown();
    expect((await run('', `127.0.0.1:${port}`)).code).toBe(1);
  });
});

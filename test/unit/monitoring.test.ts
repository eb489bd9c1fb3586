/**
 * deploy/k8s/monitoring (Grafana dashboard, PrometheusRule, ServiceMonitor) checked against the code: the kustomization
 * renders, every metric and label its PromQL names exists in a real RouterMetrics (or prom-client's default metrics),
 * promtool parses the rules and the dashboard's queries, each alert fires on a made-up failure, every dashboard query
 * returns data from a real RouterMetrics scrape, and the ServiceMonitor finds the Service's metrics port.
 * promtool comes from Debian's `prometheus` package (.ci/run installs it); without it this test fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parseAllDocuments, stringify } from 'yaml';
import { RouterMetrics } from '../../src/observability/metrics';
import type { RequestOutcome } from '../../src/observability/requestOutcome';

type Obj = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'deploy', 'k8s', 'monitoring');
const DASHBOARD_FILE = join(MONITORING, 'modelrouter-dashboard.json');
const PROMTOOL_PACKAGE = 'prometheus'; // Debian's package that ships promtool

/** Target labels Prometheus (and the operator) add to every series; `le` only on histogram buckets. */
const TARGET_LABELS = new Set(['namespace', 'pod', 'job', 'instance', 'service', 'container', 'endpoint']);
/** Metrics the rules name before the code has them, with their labels. The test fails once one exists, so that its entry goes. */
const NOT_YET = new Map<string, string[]>();

function run(cmd: string, args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: 60_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        const hint =
          cmd === 'promtool'
            ? `: install Debian's ${PROMTOOL_PACKAGE} package (apt-get install --no-install-recommends ${PROMTOOL_PACKAGE}; .ci/run does)`
            : '';
        reject(new Error(`${cmd} not found${hint}`));
      } else resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function kustomize(dir: string): Promise<Obj[]> {
  const { code, stdout, stderr } = await run('kubectl', ['kustomize', dir]);
  if (code !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${stderr}`);
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Obj)
    .filter(Boolean);
}

// ---- RouterMetrics fed with outcomes that touch every metric and label value the dashboard filters on ----
const MODEL = 'claude-sonnet-4-5-20250929';
const BACKUP = 'claude-haiku-4-5-20251001';
function routerMetrics(): RouterMetrics {
  return new RouterMetrics({
    modelIds: () => [MODEL, BACKUP],
    isModel: (id) => id === MODEL || id === BACKUP,
    isTask: (name) => ['general', 'simple_qa'].includes(name),
    catalog: () => ({ models: [{ lifecycle: 'active' }], meta: { fetchedAt: Date.now() - 1000 } }),
    circuitState: (id) => (id === MODEL ? 'open' : 'closed'),
    cache: { errors: () => 3, up: () => true },
    // As a deployment that counts cost by team would configure it (metrics.cost_labels).
    costLabels: ['team'],
  });
}
function outcome(over: Partial<RequestOutcome>): RequestOutcome {
  return {
    rpc: 'Complete',
    transport: 'grpc',
    caller: 'search-team',
    traceId: undefined,
    task: 'general',
    inference: undefined,
    model: MODEL,
    provider: 'anthropic',
    code: 'OK',
    latencyMs: 1200,
    cacheable: true,
    cached: false,
    fallback: false,
    costUsd: 0.01,
    costEstimated: false,
    attempts: [{ model: MODEL, outcome: 'ok', latency_ms: 1100, error: '', provider: 'anthropic' }],
    usage: { input_tokens: 30, output_tokens: 40, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    error: undefined,
    errorType: undefined,
    upstreamRequestId: undefined,
    upstreamMessage: undefined,
    localError: undefined,
    labels: { team: 'search' },
    rewrites: [],
    params: undefined,
    ...over,
  };
}
async function scrape(): Promise<RouterMetrics> {
  const m = routerMetrics();
  const failed = { model: MODEL, outcome: 'error' as const, latency_ms: 900, error: '529 overloaded_error', provider: 'anthropic' };
  m.record(outcome({}));
  m.record(outcome({ cached: true, usage: undefined, attempts: [] }));
  m.record(
    outcome({
      rpc: 'StreamComplete',
      task: 'simple_qa',
      model: BACKUP,
      fallback: true,
      attempts: [failed, failed, { ...failed, model: BACKUP, outcome: 'ok' }],
    }),
  );
  m.record(
    outcome({
      model: MODEL,
      deployment: `${MODEL}@vertex`,
      provider: 'vertex',
      attempts: [
        { ...failed, deployment: `${MODEL}@anthropic` },
        { ...failed, outcome: 'ok', deployment: `${MODEL}@vertex` },
      ],
    }),
  );
  m.record(outcome({ code: 'UNAVAILABLE', model: undefined, usage: undefined, cacheable: false, attempts: [failed] }));
  m.record(
    outcome({ code: 'RESOURCE_EXHAUSTED', model: undefined, usage: undefined, cacheable: false, attempts: [{ ...failed, error: '429 rate_limit_error' }] }),
  );
  for (const confident of [true, false]) m.record(outcome({ inference: { task: 'general', label: 'general', confidence: 0.6, confident, reason: '' } }));
  m.recordClassifierCall('ok', {
    model: BACKUP,
    usage: { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    costUsd: 0.0001,
  });
  // The state shared across replicas: a budget read, a refusal, a decision taken alone, a breaker signal, a wait.
  m.fleet.setBudgetUsed('team=search:month', 0.5);
  m.fleet.recordBudgetRejection('caller:x:day');
  m.fleet.recordLocalDecision('rate_limit');
  m.fleet.recordBreakerSignal('sent', 'open');
  m.fleet.recordCoalescedWait('served');
  return m;
}

/** Metric name -> its label names, as scraped (histograms as _bucket with `le`, _sum and _count). */
async function known(registry: Registry): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const metric of await registry.getMetricsAsJSON()) {
    const labels: string[] = [...((registry.getSingleMetric(metric.name) as unknown as { labelNames?: string[] }).labelNames ?? [])];
    if (String(metric.type) !== 'histogram') names.set(metric.name, labels);
    else for (const suffix of ['_bucket', '_sum', '_count']) names.set(metric.name + suffix, suffix === '_bucket' ? [...labels, 'le'] : labels);
  }
  return names;
}
const defaultRegistry = new Registry();
collectDefaultMetrics({ register: defaultRegistry });

// ---- PromQL, as far as the names go: selectors and their label matchers ----
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);
/** `name{label=...}` and bare names, strings and ranges dropped; calls (`word(`) are functions or aggregations. */
function selectors(expr: string): { name: string; labels: string[] }[] {
  const text = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...text.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)\s*(\{[^}]*\})?(\s*\()?/g)]
    .filter((m) => !m[3] && !PROMQL_WORDS.has(m[1]!.toLowerCase()))
    .map((m) => ({ name: m[1]!, labels: [...(m[2] ?? '').matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!) }));
}
/** Grafana's variables as Prometheus would see them once Grafana has filled them in. */
const grafanaFilled = (expr: string): string =>
  expr
    .replace(/\$__rate_interval|\$__interval/g, '5m')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?\w+\}?/g, '.*');

// ---- what is under test ----
let objects: Obj[];
let base: Obj[];
let dashboard: Obj;
let groups: Obj[];
let rules: Obj[];
let alerts: Obj[];
let panels: Obj[];
let work: string;
beforeAll(async () => {
  [objects, base] = await Promise.all([kustomize('deploy/k8s/monitoring'), kustomize('deploy/k8s')]);
  dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
  panels = dashboard['panels'];
  groups = objects.find((o) => o['kind'] === 'PrometheusRule')!['spec']['groups'];
  rules = groups.flatMap((g) => g['rules']);
  alerts = rules.filter((r) => r['alert']);
  work = mkdtempSync(join(tmpdir(), 'modelrouter-monitoring-'));
  writeFileSync(join(work, 'rules.yaml'), stringify({ groups }));
});
afterAll(() => work && rmSync(work, { recursive: true, force: true }));
const of = (kind: string): Obj => {
  const found = objects.filter((o) => o['kind'] === kind);
  expect({ kind, count: found.length }).toEqual({ kind, count: 1 });
  return found[0]!;
};
const dashboardExprs = (): { where: string; expr: string }[] =>
  panels.flatMap((p) => (p['targets'] as Obj[]).map((t) => ({ where: `panel ${p['id']} "${p['title']}" ${t['refId']}`, expr: String(t['expr']) })));

describe('deploy/k8s/monitoring', () => {
  test('renders the dashboard ConfigMap (grafana_dashboard: "1"), a PrometheusRule and a ServiceMonitor', () => {
    expect(objects.map((o) => `${o['apiVersion']} ${o['kind']}`).sort()).toEqual([
      'monitoring.coreos.com/v1 PrometheusRule',
      'monitoring.coreos.com/v1 ServiceMonitor',
      'v1 ConfigMap',
    ]);
    for (const o of objects) {
      expect(o['metadata']['labels']).toMatchObject({ 'app.kubernetes.io/name': 'modelrouter', 'app.kubernetes.io/part-of': 'modelrouter' });
      expect(o['metadata']['namespace']).toBeUndefined(); // applied with -n next to the base, like the base itself
    }
    const configMap = of('ConfigMap');
    expect(configMap['metadata']['labels']['grafana_dashboard']).toBe('1');
    expect(configMap['metadata']['name']).toBe('modelrouter-dashboard'); // no hash suffix: replaced in place
    expect(Object.keys(configMap['data'])).toEqual(['modelrouter.json']);
    expect(JSON.parse(configMap['data']['modelrouter.json'])).toEqual(dashboard);
    // The Prometheus Operator picks both up by the same selector label.
    const selectorLabel = (o: Obj): unknown => o['metadata']['labels']['release'];
    expect(selectorLabel(of('ServiceMonitor'))).toBeDefined();
    expect(selectorLabel(of('PrometheusRule'))).toBe(selectorLabel(of('ServiceMonitor')));
  });

  test('the ServiceMonitor scrapes the metrics port of exactly one Service of deploy/k8s, whose name the alerts use as job', () => {
    const monitor = of('ServiceMonitor');
    expect(monitor['spec']['namespaceSelector']).toBeUndefined();
    const [endpoint, ...more] = monitor['spec']['endpoints'] as Obj[];
    expect(more).toEqual([]);
    const selector: Obj = monitor['spec']['selector']['matchLabels'];
    const scraped = base.filter(
      (o) =>
        o['kind'] === 'Service' &&
        Object.entries(selector).every(([k, v]) => o['metadata']['labels']?.[k] === v) &&
        (o['spec']['ports'] as Obj[]).some((p) => p['name'] === endpoint!['port']),
    );
    expect(scraped.map((s) => s['metadata']['name'])).toEqual(['modelrouter']);
    const port = (scraped[0]!['spec']['ports'] as Obj[]).find((p) => p['name'] === endpoint!['port'])!;
    const template: Obj = base.find((o) => o['kind'] === 'Deployment')!['spec']['template'];
    const containerPort = (template['spec']['containers'] as Obj[]).flatMap((c) => c['ports'] as Obj[]).find((p) => p['name'] === port['targetPort']);
    expect(containerPort?.['containerPort']).toBe(Number(template['metadata']['annotations']['prometheus.io/port']));
    expect(endpoint!['path']).toBe(template['metadata']['annotations']['prometheus.io/path']);
    // The job label is the Service name unless jobLabel says otherwise.
    expect(monitor['spec']['jobLabel']).toBeUndefined();
    const jobs = alerts.flatMap((a) => [...String(a['expr']).matchAll(/\bjob\s*=\s*"([^"]*)"/g)].map((m) => m[1]));
    expect(jobs.length).toBeGreaterThan(0);
    expect(new Set(jobs)).toEqual(new Set([scraped[0]!['metadata']['name']]));
  });

  test('every metric and label in the rules and the dashboard exists in RouterMetrics or the prom-client defaults', async () => {
    const router = await known(routerMetrics().registry);
    const allowed = new Map([...router, ...(await known(defaultRegistry)), ['up', []], ...NOT_YET]);
    for (const name of NOT_YET.keys()) expect({ name, stillMissing: !router.has(name) }).toEqual({ name, stillMissing: true });
    const exprs = [...rules.map((r) => ({ where: `rule ${r['alert'] ?? r['record']}`, expr: String(r['expr']) })), ...dashboardExprs()];
    for (const { where, expr } of exprs) {
      const found = selectors(grafanaFilled(expr));
      expect({ where, selectors: found.length > 0 }).toEqual({ where, selectors: true });
      for (const { name, labels } of found) {
        const own = allowed.get(name);
        expect({ where, name, known: own !== undefined }).toEqual({ where, name, known: true });
        const unknown = labels.filter((l) => !own?.includes(l) && !TARGET_LABELS.has(l));
        expect({ where, name, unknown }).toEqual({ where, name, unknown: [] });
      }
    }
    // The extractor itself: a renamed metric must surface.
    expect(selectors('sum by (le) (rate(a_total{code=~"X|Y"}[5m])) / on (x) b * 3600 > bool 1e3')).toEqual([
      { name: 'a_total', labels: ['code'] },
      { name: 'b', labels: [] },
    ]);
  });

  test('every alert has a severity, summary, description and a runbook in deploy/README.md; `for` parses', () => {
    expect(alerts.map((a) => a['alert']).sort()).toEqual([
      'ModelrouterBudgetNearlySpent',
      'ModelrouterCacheDown',
      'ModelrouterCircuitBreakerOpen',
      'ModelrouterFleetStateLocal',
      'ModelrouterHighErrorRate',
      'ModelrouterHighFallbackRate',
      'ModelrouterHighLatencyP99',
      'ModelrouterTargetDown',
    ]);
    const readme = readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8');
    const monitoring = readme.slice(readme.indexOf('## Monitoring'));
    const headings = [...monitoring.matchAll(/^#{3,5} (Modelrouter\w+)$/gm)].map((m) => m[1]);
    expect([...headings].sort()).toEqual(alerts.map((a) => a['alert']).sort()); // one runbook each, none stale
    for (const alert of alerts) {
      const name: string = alert['alert'];
      expect({ name, severity: ['warning', 'critical'].includes(alert['labels']?.['severity']) }).toEqual({ name, severity: true });
      for (const key of ['summary', 'description'])
        expect({ name, key, text: String(alert['annotations']?.[key] ?? '').length > 20 }).toEqual({ name, key, text: true });
      expect(alert['annotations']['runbook']).toBe(`deploy/README.md#${name.toLowerCase()}`);
      expect({ name, for: alert['for'] }).toEqual({ name, for: expect.stringMatching(/^(\d+(ms|s|m|h|d|w|y))+$/) });
    }
  });

  test('promtool check rules accepts the rule groups and, as recording rules, every dashboard query', async () => {
    const ruleCheck = await run('promtool', ['check', 'rules', 'rules.yaml'], work);
    expect({ code: ruleCheck.code, out: ruleCheck.stdout + ruleCheck.stderr }).toEqual({
      code: 0,
      out: expect.stringContaining(`SUCCESS: ${rules.length} rules found`),
    });
    const asRules = dashboardExprs().map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr: grafanaFilled(expr) }));
    writeFileSync(join(work, 'dashboard-rules.yaml'), stringify({ groups: [{ name: 'dashboard', rules: asRules }] }));
    const queryCheck = await run('promtool', ['check', 'rules', 'dashboard-rules.yaml'], work);
    expect({ code: queryCheck.code, out: queryCheck.stdout + queryCheck.stderr }).toEqual({
      code: 0,
      out: expect.stringContaining(`SUCCESS: ${asRules.length} rules found`),
    });
  });

  test('promtool test rules: each alert fires on its failure (and not before its `for`) and every dashboard query returns data from a real scrape', async () => {
    const firing = (alert: string, labels: Record<string, string>, at: string): Obj => {
      const severity = alerts.find((a) => a['alert'] === alert)!['labels']['severity'];
      const all = { alertname: alert, alertstate: 'firing', severity, ...labels };
      return {
        expr: `ALERTS{alertname="${alert}",alertstate="firing"}`,
        eval_time: at,
        exp_samples: [
          {
            labels: `ALERTS{${Object.entries(all)
              .map(([k, v]) => `${k}="${v}"`)
              .join(',')}}`,
            value: 1,
          },
        ],
      };
    };
    const quiet = (alert: string, at: string): Obj => ({ expr: `ALERTS{alertname="${alert}",alertstate="firing"}`, eval_time: at, exp_samples: [] });
    const scenario = (alert: string, series: Record<string, string>, labels: Record<string, string>, firesAt: string, quietAt: string): Obj => ({
      interval: '1m',
      input_series: Object.entries(series).map(([s, values]) => ({ series: s, values })),
      promql_expr_test: [quiet(alert, quietAt), firing(alert, labels, firesAt)],
    });
    const ns = 'namespace="ai"';
    const tests = [
      // Open with half-open probes in between: fires; another model that recovered does not.
      scenario(
        'ModelrouterCircuitBreakerOpen',
        {
          [`modelrouter_circuit_state{${ns},pod="a",model="m"}`]: '0 2 2 1 2 2 1 2 2 2 2 2 2',
          [`modelrouter_circuit_state{${ns},pod="a",model="n"}`]: '2 2 2 0x10',
        },
        { namespace: 'ai', model: 'm' },
        '9m',
        '5m',
      ),
      scenario(
        'ModelrouterHighFallbackRate',
        {
          [`modelrouter_requests_total{${ns},rpc="Complete",task="t",model="m",code="OK"}`]: '0+10x30',
          [`modelrouter_fallbacks_total{${ns},task="t",model="m"}`]: '0+3x30',
          [`modelrouter_requests_total{${ns},rpc="Complete",task="u",model="m",code="OK"}`]: '0+10x30',
          [`modelrouter_fallbacks_total{${ns},task="u",model="m"}`]: '0+1x30',
        },
        { namespace: 'ai', task: 't' },
        '16m',
        '9m',
      ),
      scenario(
        'ModelrouterHighErrorRate',
        {
          [`modelrouter_requests_total{${ns},rpc="Complete",code="OK"}`]: '0+90x20',
          [`modelrouter_requests_total{${ns},rpc="Complete",code="UNAVAILABLE"}`]: '0+10x20',
          [`modelrouter_requests_total{${ns},rpc="Complete",code="INVALID_ARGUMENT"}`]: '0+50x20',
        },
        { namespace: 'ai' },
        '8m',
        '4m',
      ),
      scenario(
        'ModelrouterHighLatencyP99',
        Object.fromEntries(
          (
            [
              ['5', '0+40x30'],
              ['10', '0+50x30'],
              ['30', '0+100x30'],
              ['+Inf', '0+100x30'],
            ] as const
          ).map(([le, v]) => [`modelrouter_request_duration_seconds_bucket{${ns},rpc="Complete",task="t",cached="false",le="${le}"}`, v]),
        ),
        { namespace: 'ai' },
        '16m',
        '9m',
      ),
      scenario(
        'ModelrouterCacheDown',
        { [`modelrouter_cache_up{${ns},pod="a"}`]: '1 1 0x20', [`modelrouter_cache_up{${ns},pod="b"}`]: '1x22' },
        { namespace: 'ai' },
        '8m',
        '6m',
      ),
      scenario(
        'ModelrouterBudgetNearlySpent',
        { [`modelrouter_budget_used_ratio{${ns},budget="monthly"}`]: '0.5 0.8 0.95x20', [`modelrouter_budget_used_ratio{${ns},budget="daily"}`]: '0.5x22' },
        { namespace: 'ai', budget: 'monthly' },
        '8m',
        '6m',
      ),
      scenario(
        'ModelrouterFleetStateLocal',
        {
          [`modelrouter_fleet_local_decisions_total{${ns},pod="a",feature="rate_limit"}`]: '0x5 30+30x30',
          [`modelrouter_fleet_local_decisions_total{${ns},pod="b",feature="budget"}`]: '0x35',
        },
        { namespace: 'ai', feature: 'rate_limit' },
        '20m',
        '12m',
      ),
      scenario(
        'ModelrouterTargetDown',
        { 'up{job="modelrouter",instance="10.0.0.1:9464"}': '1 1 0x20', 'up{job="modelrouter",instance="10.0.0.2:9464"}': '1x22' },
        { job: 'modelrouter', instance: '10.0.0.1:9464' },
        '8m',
        '6m',
      ),
      {
        interval: '1m',
        input_series: [{ series: 'up{job="elsewhere"}', values: '1x20' }],
        promql_expr_test: [quiet('ModelrouterTargetDown', '4m'), firing('ModelrouterTargetDown', { job: 'modelrouter' }, '6m')],
      },
    ];
    const covered = new Set(tests.flatMap((t) => (t['promql_expr_test'] as Obj[]).map((e) => /alertname="(\w+)"/.exec(e['expr'])?.[1])));
    expect([...covered].sort()).toEqual(alerts.map((a) => a['alert']).sort()); // a scenario for every alert

    // The dashboard: a real RouterMetrics scrape, counters rising by their value each minute; the default metrics by name.
    const m = await scrape();
    const series: { series: string; values: string }[] = [];
    const types = new Map<string, string>();
    const number = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(9));
    for (const line of (await m.registry.metrics()).split('\n')) {
      const type = /^# TYPE (\S+) (\S+)/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      if (!line || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      const name = line.slice(0, at).split('{')[0]!;
      const rising = types.get(name) === 'counter' || types.get(name.replace(/_(bucket|sum|count)$/, '')) === 'histogram';
      series.push({ series: line.slice(0, at), values: `${rising ? '0+' : ''}${number(Number(line.slice(at + 1)))}x20` });
    }
    for (const [name, labels] of await known(defaultRegistry)) {
      const set = labels.map((l) => `${l}="${l === 'le' ? '+Inf' : 'x'}"`).join(',');
      series.push({ series: `${name}{pod="p"${set ? `,${set}` : ''}}`, values: '0+1x20' });
    }
    tests.push({
      interval: '1m',
      input_series: series,
      // Without their `or vector(0)`, so that a filter matching nothing (result="hits") cannot hide behind the zero.
      promql_expr_test: dashboardExprs().map(({ expr }) => ({
        expr: `count(${grafanaFilled(expr).replace(/\s+or\s+vector\(0\)/g, '')}) > bool 0`,
        eval_time: '10m',
        exp_samples: [{ labels: '{}', value: 1 }],
      })),
    });

    writeFileSync(join(work, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
    const result = await run('promtool', ['test', 'rules', 'tests.yaml'], work);
    expect({ code: result.code, out: result.stdout + result.stderr }).toEqual({ code: 0, out: expect.stringContaining('SUCCESS') });
  });

  test('the dashboard: schema 39, a Prometheus ${datasource} variable everywhere, unique panel ids, a query in every panel', () => {
    expect(dashboard['schemaVersion']).toBeGreaterThanOrEqual(36);
    expect(dashboard['uid']).toMatch(/^[\w-]{1,40}$/);
    const variable = (dashboard['templating']['list'] as Obj[]).find((v) => v['name'] === 'datasource');
    expect([variable?.['type'], variable?.['query']]).toEqual(['datasource', 'prometheus']);
    const ids = panels.map((p) => p['id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      const where = `panel ${p['id']} "${p['title']}"`;
      expect({ where, datasource: p['datasource'] }).toEqual({ where, datasource: { type: 'prometheus', uid: '${datasource}' } });
      expect({ where, targets: (p['targets'] ?? []).length > 0 }).toEqual({ where, targets: true });
      for (const t of p['targets'] as Obj[])
        expect({ where, t: t['refId'], expr: String(t['expr'] ?? '').trim().length > 0 }).toEqual({ where, t: t['refId'], expr: true });
      for (const key of ['x', 'y', 'w', 'h']) expect({ where, key, ok: Number.isInteger(p['gridPos']?.[key]) }).toEqual({ where, key, ok: true });
      expect(p['gridPos']['x'] + p['gridPos']['w']).toBeLessThanOrEqual(24);
    }
    // No other dashboard's uid, no fixed data source: every uid is the dashboard's own, the variable or Grafana's built-in.
    const uids: unknown[] = [];
    const walk = (node: unknown, key = ''): void => {
      if (key === 'uid' || key === 'dashboardUid' || key === 'dashboardUID') uids.push(node);
      if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    };
    const { uid: _own, ...rest } = dashboard;
    walk(rest);
    expect([...new Set(uids)].sort()).toEqual(['${datasource}', '-- Grafana --'].sort());
    expect(dashboard['links']).toEqual([]);
  });
});

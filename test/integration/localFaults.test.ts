import { status, type ServiceError } from '@grpc/grpc-js';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import { FakeAnthropic } from '../../src/simulator';
import { freePort } from '../fakes/freePort';
import { ask, createClient, startHarness, TEST_API_KEY } from '../fakes/routerHarness';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

/** Breakers that would open after two model failures: any local fault counted against a model would show. */
const TOUCHY_BREAKERS = { BREAKER_CONSECUTIVE_FAILURES: '2', BREAKER_VOLUME_THRESHOLD: '2' };

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

function openCircuits(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('modelrouter_circuit_state{') && !l.endsWith(' 0'))
    .map((l) => l.slice(0, l.indexOf('}') + 1));
}

describe("local faults are the router's, not the models'", () => {
  it('the upstream host not resolving (DNS): UNAVAILABLE naming the cause, no breaker opens, counted, logged once', async () => {
    const h = await startHarness({
      config: (c) => {
        c.upstream.base_url = 'http://api.upstream-host.invalid:8080';
        c.resilience.breaker.consecutive_failures = 2;
        c.resilience.breaker.volume_threshold = 2;
      },
    });
    try {
      for (let i = 0; i < 8; i++) {
        const err = (await h.complete(ask(`q${i}`, { task: 'simple_qa' })).catch((e: unknown) => e)) as ServiceError;
        expect(err.code).toBe(status.UNAVAILABLE);
        expect(err.details).toContain('ENOTFOUND');
        expect(err.details).toContain("a fault of the router's host");
      }
      const text = await h.app.metrics.registry.metrics();
      expect(openCircuits(text)).toEqual([]);
      expect(metricValue(text, 'modelrouter_local_errors_total', 'kind="dns"')).toBe(8);
      const lines = h.logs().filter((l) => l['event'] === 'local_error');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ kind: 'dns' });
      expect(String(lines[0]?.['cause'])).toContain('ENOTFOUND');
      expect(h.logs().filter((l) => l['event'] === 'request' && l['local_error'] === 'dns')).toHaveLength(8);
    } finally {
      await h.close();
    }
  });

  describe('out of file descriptors (EMFILE), in a process started with a low descriptor limit', () => {
    let fake: FakeAnthropic;
    let router: SpawnedRouter | undefined;
    beforeAll(async () => {
      fake = await FakeAnthropic.start({ apiKey: TEST_API_KEY, serveRetiredModels: true });
      // Each answer takes a while, so the calls hold their upstream connections at the same time.
      fake.setFault('*', { delayMs: 400 });
    });
    afterEach(async () => {
      if (router && router.child.exitCode === null) {
        router.child.kill('SIGKILL');
        await router.exited;
      }
      router = undefined;
    });
    afterAll(() => fake.close());

    async function burst(maxSockets: number): Promise<{ answers: number; failures: ServiceError[]; metrics: string }> {
      const [port, metricsPort] = [await freePort(), await freePort()];
      router = spawnRouter(
        {
          GRPC_PORT: String(port),
          METRICS_PORT: String(metricsPort),
          ANTHROPIC_API_KEY: TEST_API_KEY,
          ANTHROPIC_BASE_URL: fake.url,
          CATALOG_LIVE: 'false',
          UPSTREAM_MAX_SOCKETS: String(maxSockets),
          ...TOUCHY_BREAKERS,
        },
        ['prlimit', '--nofile=48:48', '--'],
      );
      await router.waitForEvent('started');
      const client = createClient(port);
      try {
        const calls = Array.from(
          { length: 40 },
          (_, i) =>
            new Promise<CompleteResponse__Output>((resolve, reject) =>
              // Distinct questions: identical ones would be coalesced into one upstream call.
              client.Complete(ask(`question ${i}`, { task: 'simple_qa' }), (err, res) => (err ? reject(err) : resolve(res!))),
            ),
        );
        const settled = await Promise.allSettled(calls);
        const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as ServiceError] : []));
        // The router's idle keep-alive connections still hold its descriptors: closed, the metrics port can accept again.
        fake.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return { answers: settled.length - failures.length, failures, metrics };
      } finally {
        client.close();
      }
    }

    it('calls fail UNAVAILABLE naming EMFILE, no breaker opens, and the fault is counted', async () => {
      const { failures, metrics } = await burst(1_000);
      expect(failures.length).toBeGreaterThan(0);
      for (const err of failures) {
        expect(err.code).toBe(status.UNAVAILABLE);
        expect(err.details).toMatch(/EMFILE|ENFILE/);
      }
      expect(openCircuits(metrics)).toEqual([]);
      expect(metricValue(metrics, 'modelrouter_local_errors_total', 'kind="file_descriptors"')).toBe(failures.length);
      expect(
        router
          ?.stdout()
          .split('\n')
          .filter((l) => l.includes('"event":"local_error"')),
      ).toHaveLength(1);
    });

    it('upstream.max_sockets keeps the process clear of EMFILE: the same burst waits for connections and all answer', async () => {
      const { answers, failures, metrics } = await burst(8);
      expect(failures.map((f) => f.details)).toEqual([]);
      expect(answers).toBe(40);
      expect(metricValue(metrics, 'modelrouter_local_errors_total', 'kind="file_descriptors"')).toBe(0);
    });
  });
});

import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricsSources } from './metrics';

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Gauges read on scrape from the catalog, the breakers and the cache store. */
export function registerStateGauges(
  registry: Registry,
  { modelIds, circuitState, cache, catalog, deploymentStates }: Pick<MetricsSources, 'modelIds' | 'circuitState' | 'cache' | 'catalog' | 'deploymentStates'>,
): void {
  new Gauge({
    name: 'modelrouter_catalog_models',
    help: 'Models in the catalog by lifecycle (active, deprecated, retired).',
    labelNames: ['lifecycle'] as const,
    registers: [registry],
    collect() {
      const counts: Record<string, number> = { active: 0, deprecated: 0, retired: 0 };
      for (const model of catalog().models) counts[model.lifecycle] = (counts[model.lifecycle] ?? 0) + 1;
      for (const [lifecycle, n] of Object.entries(counts)) this.set({ lifecycle }, n);
    },
  });
  new Gauge({
    name: 'modelrouter_catalog_age_seconds',
    help: 'Seconds since the catalog was read from the Models API (absent while it is the config alone).',
    registers: [registry],
    collect() {
      const fetchedAt = catalog().meta.fetchedAt;
      if (fetchedAt === undefined) this.reset();
      else this.set((Date.now() - fetchedAt) / 1000);
    },
  });
  new Gauge({
    name: 'modelrouter_circuit_state',
    help: 'Circuit breaker state per model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['model'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const id of modelIds()) this.set({ model: id }, CIRCUIT_VALUE[circuitState(id)]);
    },
  });
  if (deploymentStates) {
    new Gauge({
      name: 'modelrouter_deployment_circuit_state',
      help: 'Circuit breaker state per deployment (<model>@<platform>[:<key or region>]): 0 closed, 1 half-open, 2 open.',
      labelNames: ['deployment'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [deployment, state] of deploymentStates()) if (deployment.includes('@')) this.set({ deployment }, CIRCUIT_VALUE[state]);
      },
    });
  }
  if (cache) {
    let reported = 0;
    new Counter({
      name: 'modelrouter_cache_errors_total',
      help: 'Cache store commands that failed or timed out (each one served as a miss).',
      registers: [registry],
      collect() {
        const errors = cache.errors();
        if (errors > reported) this.inc(errors - reported);
        reported = errors;
      },
    });
    new Gauge({
      name: 'modelrouter_cache_up',
      help: '1 when the cache store is reachable.',
      registers: [registry],
      collect() {
        this.set(cache.up() ? 1 : 0);
      },
    });
  }
}

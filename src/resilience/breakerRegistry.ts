import type { BreakerConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { ModelBreaker, type CircuitState } from './modelBreaker';

/** `key` is the breaker's (a deployment id, `<model>@<platform>[:<key>]`), `model` the catalog model it serves. */
export type TransitionListener = (key: string, state: CircuitState, model: string) => void;

/**
 * One breaker per deployment (a model on one platform, key or region), created once and shut down with the service.
 * A model's state is its deployments' together: closed while any is closed, open only when all are.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, ModelBreaker>();
  private readonly byModel = new Map<string, Set<string>>();
  private readonly listeners: TransitionListener[] = [];
  /** One timer rotates every breaker's rolling window, instead of one interval per breaker. */
  private readonly rotation: NodeJS.Timeout;

  constructor(
    private readonly config: BreakerConfig,
    private readonly logger: Logger,
  ) {
    this.rotation = setInterval(() => {
      for (const breaker of this.breakers.values()) breaker.rotate();
    }, config.rolling_window_ms / config.rolling_buckets);
    this.rotation.unref();
  }

  get(key: string, model = key): ModelBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      const created = new ModelBreaker(key, this.config);
      created.onTransition((state) => {
        this.logger.warn('circuit state changed', { event: 'circuit_transition', model, deployment: key, state });
        for (const listener of this.listeners) listener(key, state, model);
      });
      this.breakers.set(key, created);
      let keys = this.byModel.get(model);
      if (!keys) this.byModel.set(model, (keys = new Set()));
      keys.add(key);
      breaker = created;
    }
    return breaker;
  }

  /** A deployment's breaker state, or, for a model id, the model's: closed while any deployment is. */
  state(id: string): CircuitState {
    return this.breakers.get(id)?.state ?? this.modelState(id);
  }

  modelState(model: string): CircuitState {
    const keys = this.byModel.get(model);
    if (!keys || keys.size === 0) return 'closed';
    let halfOpen = false;
    for (const key of keys) {
      const state = this.breakers.get(key)?.state ?? 'closed';
      if (state === 'closed') return 'closed';
      if (state === 'half_open') halfOpen = true;
    }
    return halfOpen ? 'half_open' : 'open';
  }

  /** Every deployment's breaker and its state (the keys are bounded by the catalog and the configured platforms). */
  *states(): Generator<readonly [string, CircuitState]> {
    for (const [key, breaker] of this.breakers) yield [key, breaker.state];
  }

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  shutdown(): void {
    clearInterval(this.rotation);
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
    this.byModel.clear();
  }
}

import type { BreakerConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { ModelBreaker, type CircuitState, type TransitionSource } from './modelBreaker';

/** `key` is the breaker's (a deployment id, `<model>@<platform>[:<key>]`), `model` the catalog model it serves. */
export type TransitionListener = (key: string, state: CircuitState, model: string, source: TransitionSource) => void;

/** The other replicas' breakers (fleet.shared_breakers): told of every change here, asked before a half-open probe. */
export interface BreakerFleet {
  mayProbe(key: string): boolean;
  changed(key: string, state: CircuitState, source: TransitionSource): void;
}

/**
 * One breaker per deployment (a model on one platform, key or region), created once and shut down with the service.
 * A model's state is its deployments' together: closed while any is closed, open only when all are.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, ModelBreaker>();
  private readonly byModel = new Map<string, Set<string>>();
  private readonly listeners: TransitionListener[] = [];
  private fleet: BreakerFleet | undefined;
  /** Openings other replicas reported for breakers this one has not made yet, by when they stop applying. */
  private readonly pendingOpen = new Map<string, number>();
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
      created.onTransition((state, source) => {
        this.logger.warn('circuit state changed', { event: 'circuit_transition', model, deployment: key, state, source });
        this.fleet?.changed(key, state, source);
        for (const listener of this.listeners) listener(key, state, model, source);
      });
      const fleet = this.fleet;
      if (fleet) created.setProbeGate(() => fleet.mayProbe(key));
      this.breakers.set(key, created);
      let keys = this.byModel.get(model);
      if (!keys) this.byModel.set(model, (keys = new Set()));
      keys.add(key);
      breaker = created;
      const until = this.pendingOpen.get(key);
      this.pendingOpen.delete(key);
      if (until !== undefined && until > Date.now()) created.follow('open');
    }
    return breaker;
  }

  /** Shares breaker state with the other replicas from now on. */
  joinFleet(fleet: BreakerFleet): void {
    this.fleet = fleet;
    for (const [key, breaker] of this.breakers) breaker.setProbeGate(() => fleet.mayProbe(key));
  }

  /** Another replica's breaker for `key` opened, or closed after its probe: this one follows. */
  follow(key: string, state: 'open' | 'closed'): void {
    const breaker = this.breakers.get(key);
    if (breaker) breaker.follow(state);
    else if (state === 'open') {
      if (this.pendingOpen.size > 10_000) this.pendingOpen.clear();
      // Worth following for as long as the other replica's stays open before its probe.
      this.pendingOpen.set(key, Date.now() + this.config.reset_timeout_ms);
    } else this.pendingOpen.delete(key);
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

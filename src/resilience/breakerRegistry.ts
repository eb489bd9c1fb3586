import type { BreakerConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { ModelBreaker, type CircuitState } from './modelBreaker';

export type TransitionListener = (modelId: string, state: CircuitState) => void;

/** One breaker per model id, created once and shut down with the service. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, ModelBreaker>();
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

  get(modelId: string): ModelBreaker {
    let breaker = this.breakers.get(modelId);
    if (!breaker) {
      breaker = new ModelBreaker(modelId, this.config);
      breaker.onTransition((state) => {
        this.logger.warn('circuit state changed', { event: 'circuit_transition', model: modelId, state });
        for (const listener of this.listeners) listener(modelId, state);
      });
      this.breakers.set(modelId, breaker);
    }
    return breaker;
  }

  state(modelId: string): CircuitState {
    return this.breakers.get(modelId)?.state ?? 'closed';
  }

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  shutdown(): void {
    clearInterval(this.rotation);
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}

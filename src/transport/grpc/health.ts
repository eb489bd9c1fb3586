import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/** Where the per-model health comes from: the breakers, seen through the core. */
export interface CircuitSource {
  readonly modelIds: readonly string[];
  state(modelId: string): string;
  onTransition(listener: (modelId: string, state: string) => void): void;
}

export const MODEL_ROUTER_SERVICE = 'modelrouter.v1.ModelRouter';

/**
 * grpc.health.v1: "" and modelrouter.v1.ModelRouter are SERVING once ready and NOT_SERVING while draining;
 * each model id is a service of its own that reads NOT_SERVING while that model's circuit is open.
 */
export class RouterHealth {
  readonly implementation: HealthImplementation;
  private readonly modelIds: readonly string[];

  constructor(breakers: CircuitSource) {
    this.modelIds = breakers.modelIds;
    const initial: Record<string, ServingStatus> = { '': 'NOT_SERVING', [MODEL_ROUTER_SERVICE]: 'NOT_SERVING' };
    for (const id of this.modelIds) initial[id] = breakers.state(id) === 'open' ? 'NOT_SERVING' : 'SERVING';
    this.implementation = new HealthImplementation(initial);
    breakers.onTransition((modelId, state) => {
      this.implementation.setStatus(modelId, state === 'open' ? 'NOT_SERVING' : 'SERVING');
    });
  }

  ready(): void {
    this.implementation.setStatus('', 'SERVING');
    this.implementation.setStatus(MODEL_ROUTER_SERVICE, 'SERVING');
  }

  draining(): void {
    this.implementation.setStatus('', 'NOT_SERVING');
    this.implementation.setStatus(MODEL_ROUTER_SERVICE, 'NOT_SERVING');
  }
}

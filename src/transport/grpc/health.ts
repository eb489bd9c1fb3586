import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/** Where the per-model health comes from: the breakers and the catalog, seen through the core. */
export interface CircuitSource {
  modelIds(): readonly string[];
  state(modelId: string): string;
  onTransition(listener: (modelId: string, state: string) => void): void;
  onModelsChange(listener: () => void): void;
}

export const MODEL_ROUTER_SERVICE = 'modelrouter.v1.ModelRouter';

/**
 * grpc.health.v1: "" and modelrouter.v1.ModelRouter are SERVING once ready and NOT_SERVING while draining;
 * each model id is a service of its own that reads NOT_SERVING while that model's circuit is open, or once the
 * model has left the catalog. A model a catalog refresh adds gets its service then.
 */
export class RouterHealth {
  readonly implementation: HealthImplementation;
  private known = new Set<string>();

  constructor(private readonly circuits: CircuitSource) {
    this.implementation = new HealthImplementation({ '': 'NOT_SERVING', [MODEL_ROUTER_SERVICE]: 'NOT_SERVING' });
    this.syncModels();
    circuits.onTransition((modelId, state) => {
      this.implementation.setStatus(modelId, state === 'open' ? 'NOT_SERVING' : 'SERVING');
    });
    circuits.onModelsChange(() => this.syncModels());
  }

  private syncModels(): void {
    const now = new Set(this.circuits.modelIds());
    for (const id of now) {
      if (!this.known.has(id)) this.implementation.setStatus(id, this.circuits.state(id) === 'open' ? 'NOT_SERVING' : 'SERVING');
    }
    for (const id of this.known) if (!now.has(id)) this.implementation.setStatus(id, 'NOT_SERVING');
    this.known = now;
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

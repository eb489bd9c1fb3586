import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/** Where the per-model health comes from: the breakers and the catalog, seen through the core. */
export interface CircuitSource {
  modelIds(): readonly string[];
  /** A model's state (closed while any deployment is) or a deployment's. */
  state(id: string): string;
  deploymentIds(modelId: string): readonly string[];
  onTransition(listener: (key: string, state: string, model: string) => void): void;
  onModelsChange(listener: () => void): void;
}

export const MODEL_ROUTER_SERVICE = 'modelrouter.v1.ModelRouter';

/** The health service of one deployment, `modelrouter.v1.ModelRouter/<model>@<platform>[:<key>]`. */
export function deploymentService(deploymentId: string): string {
  return `${MODEL_ROUTER_SERVICE}/${deploymentId}`;
}

/**
 * grpc.health.v1: "" and modelrouter.v1.ModelRouter are SERVING once ready and NOT_SERVING while draining;
 * each model id is a service of its own that reads NOT_SERVING while every deployment of the model has its circuit
 * open, or once the model has left the catalog; each deployment has a service too (deploymentService). A model a
 * catalog refresh adds gets its services then.
 */
export class RouterHealth {
  readonly implementation: HealthImplementation;
  private known = new Set<string>();

  constructor(private readonly circuits: CircuitSource) {
    this.implementation = new HealthImplementation({ '': 'NOT_SERVING', [MODEL_ROUTER_SERVICE]: 'NOT_SERVING' });
    this.syncModels();
    circuits.onTransition((key, state, model) => {
      if (key !== model) this.implementation.setStatus(deploymentService(key), status(state));
      this.implementation.setStatus(model, status(circuits.state(model)));
    });
    circuits.onModelsChange(() => this.syncModels());
  }

  private syncModels(): void {
    const now = new Set(this.circuits.modelIds());
    for (const id of now) {
      if (this.known.has(id)) continue;
      this.implementation.setStatus(id, status(this.circuits.state(id)));
      for (const deployment of this.circuits.deploymentIds(id))
        this.implementation.setStatus(deploymentService(deployment), status(this.circuits.state(deployment)));
    }
    for (const id of this.known) {
      if (now.has(id)) continue;
      this.implementation.setStatus(id, 'NOT_SERVING');
      for (const deployment of this.circuits.deploymentIds(id)) this.implementation.setStatus(deploymentService(deployment), 'NOT_SERVING');
    }
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

function status(state: string): ServingStatus {
  return state === 'open' ? 'NOT_SERVING' : 'SERVING';
}

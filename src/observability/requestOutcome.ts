import type { status } from '@grpc/grpc-js';
import type { TokenUsage } from '../catalog/cost';
import type { CompletionRequest } from '../policy/completionRequest';
import type { AttemptRecord } from '../resilience/attempts';

/** Everything one finished request tells the logs and the metrics. */
export interface RequestOutcome {
  rpc: string;
  caller: string;
  traceId: string | undefined;
  task: string | undefined;
  model: string | undefined;
  code: status;
  latencyMs: number;
  /** Whether the cache was consulted (a deterministic request, not bypassed). */
  cacheable: boolean;
  cached: boolean;
  fallback: boolean;
  attempts: readonly AttemptRecord[];
  costUsd: number;
  usage: TokenUsage | undefined;
  error: string | undefined;
  request: CompletionRequest | undefined;
}

export type OutcomeObserver = (outcome: RequestOutcome) => void;

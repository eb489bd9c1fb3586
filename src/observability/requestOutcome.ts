import type { AttemptRecord } from '../domain/attempts';
import type { MessagesParams, Usage } from '../domain/messages';
import type { LocalErrorKind } from '../domain/routerError';
import type { Inference } from '../domain/inference';

/** Everything one finished call tells the logs and the metrics, whichever door it came through. */
export interface RequestOutcome {
  rpc: string;
  transport: string;
  caller: string;
  traceId: string | undefined;
  task: string | undefined;
  /** How the task was chosen when the caller named none. */
  inference: Inference | undefined;
  model: string | undefined;
  /** The platform and deployment that served. */
  provider?: string | undefined;
  deployment?: string | undefined;
  /** 'OK' or the canonical status name of the error's kind. */
  code: string;
  latencyMs: number;
  /** Whether the cache was consulted (a deterministic request, not bypassed). */
  cacheable: boolean;
  cached: boolean;
  fallback: boolean;
  attempts: readonly AttemptRecord[];
  costUsd: number;
  /** The serving model has no configured price: costUsd is an estimate. */
  costEstimated: boolean;
  usage: Usage | undefined;
  error: string | undefined;
  /** Anthropic error type of a failed call. */
  errorType: string | undefined;
  /** Upstream's `request-id` and its own error text (log only) when a failed call got an answer from upstream. */
  upstreamRequestId: string | undefined;
  upstreamMessage: string | undefined;
  /** The call failed on the router's own machine (no model was at fault). */
  localError: LocalErrorKind | undefined;
  labels: Readonly<Record<string, string>> | undefined;
  /** Rewrites made for the models tried (tool translation, betas dropped or added). */
  rewrites: readonly string[];
  /** The request body, logged only at debug level. */
  params: MessagesParams | undefined;
}

export type OutcomeObserver = (outcome: RequestOutcome) => void;

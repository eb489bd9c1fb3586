import { costUsd } from '../catalog/cost';
import type { AttemptRecord } from '../domain/attempts';
import type { RestartEvent, StreamEvent } from '../domain/events';
import type { Message } from '../domain/messages';
import type { CatalogModel } from '../catalog/catalog';
import type { CachedAnswer } from '../cache/responseCache';
import type { RoutePlan } from '../policy/planRoute';
import type { Execution } from '../resilience/fallbackExecutor';

/** An answer and how it was obtained: what both doors report next to the message. */
export interface RouterResult {
  /** The answer, `model` being the catalog id of the model that served. */
  message: Message;
  task: string;
  /** The caller named no task: inference chose it. */
  taskInferred: boolean;
  /** Served from the cache, or by joining an identical request already in flight. */
  cached: boolean;
  /** Served by a model other than the chain's first. */
  fallback: boolean;
  /** The platform and deployment that served; undefined for a cache hit or a joined call. */
  provider?: string | undefined;
  deployment?: string | undefined;
  attempts: readonly AttemptRecord[];
  costUsd: number;
  /** The serving model has no price in the config: costUsd is an estimate from the newest priced model of its line. */
  costEstimated: boolean;
}

/** The end of a stream: the whole answer, accumulated, with its routing facts. */
export interface DoneEvent {
  type: 'done';
  result: RouterResult;
}

/**
 * Which model is answering, told just before the answer's first event: what a transport that sends headers ahead
 * of the body (HTTP) needs. Attempts are those made so far.
 */
export interface RoutedEvent {
  type: 'routed';
  task: string;
  taskInferred: boolean;
  /** The platform and deployment answering; undefined for a cache hit. */
  provider?: string | undefined;
  deployment?: string | undefined;
  model: string;
  cached: boolean;
  fallback: boolean;
  attempts: readonly AttemptRecord[];
}

/** What the core streams to a transport: `routed`, the answer's own events, then `done`. */
export type CoreEvent = RoutedEvent | StreamEvent | RestartEvent | DoneEvent;

/** The task a result reports, as the plan chose it. */
export type RoutedTask = Pick<RoutePlan, 'task' | 'taskInferred'>;

export function fromExecution(execution: Execution, { task, taskInferred }: RoutedTask): RouterResult {
  // A continued answer began on one model and ended on another: it is reported (and priced) as the last one's.
  const { message, model } = execution;
  return {
    message: message.model === model.id ? message : { ...message, model: model.id },
    task,
    taskInferred,
    cached: false,
    fallback: execution.fallback,
    provider: execution.deployment?.platform,
    deployment: execution.deployment?.id,
    attempts: execution.attempts,
    costUsd: costUsd(execution.message.usage, pricedOn(execution.model, execution.deployment?.platform)),
    costEstimated: execution.model.price_estimated,
  };
}

/** A cache hit keeps the original model and usage; it cost nothing this time. */
export function fromCache(answer: CachedAnswer, { task, taskInferred }: RoutedTask): RouterResult {
  return { message: answer.message, task, taskInferred, cached: true, fallback: answer.fallback, attempts: [], costUsd: 0, costEstimated: false };
}

/** A caller that joined another's call made no attempt and spent nothing: summed cost stays the real spend. */
export function joined(result: RouterResult): RouterResult {
  return { ...result, cached: true, costUsd: 0, attempts: [] };
}

/** The model's prices on the platform that served: the platform's own where the config gives them. */
function pricedOn(model: CatalogModel, platform: string | undefined): CatalogModel {
  const own = platform === 'bedrock' || platform === 'vertex' ? model.provider_pricing?.[platform] : undefined;
  return own ? { ...model, pricing: own } : model;
}

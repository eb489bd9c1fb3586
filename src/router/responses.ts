import type { CatalogModel } from '../catalog/catalog';
import { costUsd } from '../catalog/cost';
import type { CachedAnswer } from '../cache/responseCache';
import type { CompleteResponse } from '../generated/modelrouter/v1/CompleteResponse';
import type { Execution } from '../resilience/fallbackExecutor';
import type { UpstreamResult } from '../upstream/upstream';

/** The wire response as the router builds it: every field set, usage as plain numbers. */
export type RouterResponse = Required<Omit<CompleteResponse, 'usage' | 'attempts' | 'cost_usd'>> & {
  usage: UpstreamResult['usage'];
  attempts: Execution<unknown>['attempts'];
  cost_usd: number;
};

export function fromExecution(execution: Execution<UpstreamResult>, task: string): RouterResponse {
  const { value, model } = execution;
  return {
    id: value.id,
    model: model.id,
    text: value.text,
    thinking: value.thinking,
    stop_reason: value.stopReason,
    usage: value.usage,
    cached: false,
    attempts: execution.attempts,
    cost_usd: costUsd(value.usage, model.pricing),
    task,
    fallback: execution.fallback,
  };
}

/** A cache hit keeps the original model and usage; it cost nothing this time. */
export function fromCache(answer: CachedAnswer, task: string): RouterResponse {
  return {
    id: answer.id,
    model: answer.model,
    text: answer.text,
    thinking: answer.thinking,
    stop_reason: answer.stop_reason,
    usage: answer.usage,
    cached: true,
    attempts: [],
    cost_usd: 0,
    task,
    fallback: answer.fallback ?? false,
  };
}

export function toCachedAnswer(value: UpstreamResult, model: CatalogModel): CachedAnswer {
  return {
    id: value.id,
    model: model.id,
    text: value.text,
    thinking: value.thinking,
    stop_reason: value.stopReason,
    usage: value.usage,
  };
}

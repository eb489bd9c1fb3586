import type { CompleteChunk } from '../../generated/modelrouter/v1/CompleteChunk';
import type { CompleteResponse } from '../../generated/modelrouter/v1/CompleteResponse';
import { textOf, thinkingOf } from '../../domain/messages';
import type { CoreEvent, RouterResult } from '../../core/result';
import type { RouteDecision } from '../../core/router';
import type { RouteDecision as RouteDecisionProto } from '../../generated/modelrouter/v1/RouteDecision';
import { blockToProto } from './blocks';

/** The answer and its routing facts as the CompleteResponse the contract has always had, plus `content`. */
export function toCompleteResponse(result: RouterResult): CompleteResponse {
  const { message } = result;
  const { usage } = message;
  return {
    id: message.id,
    model: message.model,
    text: textOf(message.content),
    thinking: thinkingOf(message.content),
    stop_reason: message.stop_reason ?? '',
    stop_sequence: message.stop_sequence ?? '',
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
    },
    cached: result.cached,
    attempts: [...result.attempts],
    cost_usd: result.costUsd,
    cost_estimated: result.costEstimated,
    provider: result.provider ?? '',
    deployment: result.deployment ?? '',
    task: result.task,
    task_inferred: result.taskInferred,
    fallback: result.fallback,
    content: message.content.map(blockToProto),
  };
}

/** Route's answer: the domain decision in the proto's names. */
export function toRouteDecision(decision: RouteDecision): RouteDecisionProto {
  return {
    task: decision.task,
    model: decision.model,
    fallbacks: decision.fallbacks,
    reason: decision.reason,
    task_inferred: decision.taskInferred,
    task_confidence: decision.taskConfidence,
  };
}

/**
 * One core event as a chunk, or undefined for the events a gRPC caller does not need (message start and
 * delta, pings, citation deltas: `done` carries the whole answer, citations included).
 */
export function toChunk(event: CoreEvent): CompleteChunk | undefined {
  switch (event.type) {
    case 'content_block_start':
      return { block_start: blockToProto(event.content_block), index: event.index };
    case 'content_block_delta': {
      const { delta, index } = event;
      switch (delta.type) {
        case 'text_delta':
          return { text_delta: delta.text, index };
        case 'thinking_delta':
          return { thinking_delta: delta.thinking, index };
        case 'input_json_delta':
          return { input_json_delta: delta.partial_json, index };
        case 'signature_delta':
          return { signature_delta: delta.signature, index };
        default:
          return undefined;
      }
    }
    case 'content_block_stop':
      return { block_stop: {}, index: event.index };
    case 'done':
      return { done: toCompleteResponse(event.result) };
    case 'restart':
      return { restart: { reason: event.reason, model: event.model } };
    default:
      return undefined;
  }
}

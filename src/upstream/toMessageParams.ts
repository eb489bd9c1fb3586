import type Anthropic from '@anthropic-ai/sdk';
import type { UpstreamRequest } from './upstream';

/**
 * SDK 1.12's typings dropped the sampling parameters, but the Messages API still takes them for the models in
 * our catalog, and the SDK sends the body as given.
 */
export type MessageParams = Anthropic.MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number };

/** The Messages API body for one attempt; fields the caller did not set are left out, not sent as defaults. */
export function toMessageParams(call: UpstreamRequest): MessageParams {
  const { request } = call;
  const params: MessageParams = {
    model: call.model,
    max_tokens: call.maxTokens,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  if (request.system) params.system = request.system;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.stopSequences.length > 0) params.stop_sequences = [...request.stopSequences];
  if (request.thinkingBudgetTokens > 0) {
    params.thinking = { type: 'enabled', budget_tokens: request.thinkingBudgetTokens };
  }
  return params;
}

import type { CompletionRequest } from './completionRequest';

/**
 * A cheap upper-side estimate of input tokens (about 4 characters a token for English, rounded up), good
 * enough to skip a model whose context window cannot hold the request without calling it.
 */
export function estimateInputTokens(request: Pick<CompletionRequest, 'system' | 'messages'>): number {
  let chars = request.system.length;
  for (const message of request.messages) chars += message.content.length;
  return Math.ceil(chars / 4);
}

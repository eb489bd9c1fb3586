import type { MessageParam, MessagesParams } from '../domain/messages';

/** A final assistant turn the API will continue: plain text (a string, or text blocks only). */
function plainText(message: MessageParam): string | undefined {
  if (typeof message.content === 'string') return message.content;
  if (!message.content.every((b) => b.type === 'text' && typeof b['text'] === 'string')) return undefined;
  return message.content.map((b) => String(b['text'])).join('');
}

/** Whether a cut answer to this request can be continued: its own last turn, if the assistant's, is plain text. */
export function canContinue(params: MessagesParams): boolean {
  const last = params.messages[params.messages.length - 1];
  return last?.role !== 'assistant' || plainText(last) !== undefined;
}

/**
 * The request that continues an answer: the original plus an assistant turn holding the text the caller already has
 * (after the caller's own prefill, when it sent one). The API continues it from there.
 */
export function withPrefill(params: MessagesParams, sent: string): MessagesParams {
  const messages = [...params.messages];
  const last = messages[messages.length - 1];
  const own = last?.role === 'assistant' ? (plainText(last) ?? '') : undefined;
  if (own !== undefined) messages.pop();
  messages.push({ role: 'assistant', content: `${own ?? ''}${sent}`.trimEnd() });
  return { ...params, messages };
}

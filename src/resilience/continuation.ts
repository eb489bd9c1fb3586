import type { StreamEvent } from '../domain/events';
import { textOf, type Usage } from '../domain/messages';
import type { AnswerState } from './forwardAttempt';

/** What a model is asked to continue: the text the caller already has. */
export interface Continuation {
  /** That text, trimmed at the end as the API requires of an assistant prefill. */
  prefill: string;
  /** The whitespace trimmed off: the caller has it already, so the continuation must not repeat it. */
  trimmed: string;
}

/**
 * A cut answer can be continued only when everything the caller got is plain text: a thinking block, a tool call
 * or citations cannot be resumed from a prefill.
 */
export function continuationOf(answer: AnswerState): Continuation | undefined {
  if (!answer.message.hasStarted) return undefined;
  const content = answer.message.result().content;
  const plain = content.every((b) => b.type === 'text' && !(Array.isArray(b['citations']) && b['citations'].length > 0));
  if (!plain) return undefined;
  const sent = textOf(content);
  const prefill = sent.trimEnd();
  return prefill === '' ? undefined : { prefill, trimmed: sent.slice(prefill.length) };
}

/**
 * The continuation's events as the rest of the answer the caller already has: its message_start and the start of
 * the text block it continues are dropped, block indices follow on from the answer's, whitespace the caller already
 * got is not sent twice, and usage counts both calls.
 */
export async function* continued(source: AsyncIterable<StreamEvent>, answer: AnswerState, continuation: Continuation): AsyncGenerator<StreamEvent> {
  const before: Usage = { ...answer.message.result().usage };
  const base = answer.openIndex ?? answer.lastIndex + 1;
  const resumesOpenBlock = answer.openIndex !== undefined;
  let pendingTrim = continuation.trimmed;
  let input = 0;
  for await (const event of source) {
    switch (event.type) {
      case 'message_start':
        input = event.message.usage.input_tokens;
        continue;
      case 'content_block_start':
        if (event.index === 0 && resumesOpenBlock) continue;
        yield { ...event, index: base + event.index };
        continue;
      case 'content_block_delta': {
        if (event.delta.type === 'text_delta' && pendingTrim !== '') {
          const text = event.delta.text;
          let n = 0;
          while (n < text.length && n < pendingTrim.length && text[n] === pendingTrim[n]) n += 1;
          pendingTrim = n === text.length ? pendingTrim.slice(n) : '';
          if (n === text.length) continue;
          yield { ...event, index: base + event.index, delta: { type: 'text_delta', text: text.slice(n) } };
          continue;
        }
        if (event.delta.type === 'text_delta') pendingTrim = '';
        yield { ...event, index: base + event.index };
        continue;
      }
      case 'content_block_stop':
        yield { ...event, index: base + event.index };
        continue;
      case 'message_delta':
        yield {
          ...event,
          usage: { ...event.usage, input_tokens: before.input_tokens + input, output_tokens: before.output_tokens + (event.usage.output_tokens ?? 0) },
        };
        continue;
      default:
        yield event;
    }
  }
}

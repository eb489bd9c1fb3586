import { MessageAccumulator, type StreamEvent } from '../domain/events';
import type { Message } from '../domain/messages';
import { RouterError } from '../domain/routerError';

/** How far an attempt got with the caller. */
export interface AttemptProgress {
  /** Some of its answer reached the caller: it can no longer be replaced silently. */
  forwarded: boolean;
  /** Text and thinking characters handed on. */
  chars: number;
}

/** Events up to and including these carry nothing the caller has seen yet: held until the first content. */
function opensOnly(event: StreamEvent): boolean {
  return event.type === 'message_start' || event.type === 'content_block_start' || event.type === 'ping';
}

/**
 * One attempt's events, handed on: held back until its first content (so a failure before it is invisible), then
 * as they come. Each event restarts the attempt's silence timer. Returns the whole message, which is complete
 * only when upstream sent its stop reason.
 */
export async function* forwardAttempt(source: AsyncIterable<StreamEvent>, touch: () => void, progress: AttemptProgress): AsyncGenerator<StreamEvent, Message, undefined> {
  const message = new MessageAccumulator();
  let held: StreamEvent[] | undefined = [];
  for await (const event of source) {
    touch();
    try {
      message.apply(event);
    } catch (err) {
      throw new RouterError('unavailable', `upstream sent a malformed stream: ${(err as Error).message}`.slice(0, 300), { blame: 'model', retryable: true });
    }
    if (held !== undefined) {
      held.push(event);
      if (opensOnly(event)) continue;
      const opening = held;
      held = undefined;
      progress.forwarded = true;
      for (const e of opening) yield count(e, progress);
    } else {
      yield count(event, progress);
    }
  }
  // A stop reason arrives in message_delta, which is content: nothing can still be held here.
  if (!message.finished) throw new RouterError('unavailable', 'upstream stream ended without a stop reason', { blame: 'model', retryable: true });
  return message.result();
}

function count(event: StreamEvent, progress: AttemptProgress): StreamEvent {
  if (event.type === 'content_block_delta') {
    if (event.delta.type === 'text_delta') progress.chars += event.delta.text.length;
    else if (event.delta.type === 'thinking_delta') progress.chars += event.delta.thinking.length;
  }
  return event;
}

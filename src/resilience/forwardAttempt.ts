import { MessageAccumulator, type RestartEvent, type StreamEvent } from '../domain/events';
import type { Message } from '../domain/messages';
import { RouterError } from '../domain/routerError';

/** The answer as the caller has it: what was forwarded, across the attempts that made it (a continuation too). */
export interface AnswerState {
  message: MessageAccumulator;
  /** Some of it reached the caller: it can no longer be replaced silently. */
  forwarded: boolean;
  /** Text and thinking characters handed on. */
  chars: number;
  /** The block started and not yet stopped, if any. */
  openIndex: number | undefined;
  /** The highest block index handed on (-1: none). */
  lastIndex: number;
  /** Set when the caller opted in to a restart and one is due: told with the next attempt's first content. */
  restart: Omit<RestartEvent, 'model'> | undefined;
}

export function newAnswer(): AnswerState {
  return { message: new MessageAccumulator(), forwarded: false, chars: 0, openIndex: undefined, lastIndex: -1, restart: undefined };
}

/** Events up to and including these carry nothing the caller has seen yet: held until the first content. */
function opensOnly(event: StreamEvent): boolean {
  return event.type === 'message_start' || event.type === 'content_block_start' || event.type === 'ping';
}

/** Answer content: what ends the first-token wait and restarts the idle clock (a bare text or thinking start does not). */
function isContent(event: StreamEvent): boolean {
  if (event.type === 'content_block_start') return event.content_block.type !== 'text' && event.content_block.type !== 'thinking';
  return event.type !== 'message_start' && event.type !== 'ping';
}

/**
 * One attempt's events, handed on: held back until its first content (so a failure before it is invisible), then
 * as they come. Returns the whole message, complete only once upstream sent its stop reason (message_stop is not
 * needed: a stream that ends after message_delta is finished).
 */
export interface AttemptClock {
  progress(content: boolean): void;
  hold(): void;
}

export async function* forwardAttempt(
  source: AsyncIterable<StreamEvent>,
  model: string,
  clock: AttemptClock,
  answer: AnswerState,
  relay = true,
): AsyncGenerator<StreamEvent | RestartEvent, Message, undefined> {
  let held: StreamEvent[] | undefined = relay && !answer.forwarded ? [] : undefined;
  for await (const event of source) {
    clock.progress(isContent(event));
    try {
      answer.message.apply(event);
    } catch (err) {
      throw new RouterError('unavailable', `upstream sent a malformed stream: ${(err as Error).message}`.slice(0, 300), { blame: 'model', retryable: true });
    }
    if (!relay) {
      // Nobody takes the events (Complete wants the whole answer): the same bookkeeping, and no hop per event
      // through every generator above, which cost the unary path about a tenth of its CPU.
      if (!answer.forwarded && !opensOnly(event)) answer.forwarded = true;
      note(event, answer);
      continue;
    }
    if (held !== undefined) {
      held.push(event);
      if (opensOnly(event)) continue;
      const opening = held;
      held = undefined;
      answer.forwarded = true;
      clock.hold();
      if (answer.restart) yield { ...answer.restart, model };
      answer.restart = undefined;
      for (const e of opening) yield note(e, answer);
    } else {
      clock.hold();
      yield note(event, answer);
    }
    // The caller has taken the event: upstream's idle clock starts again from now.
    clock.progress(false);
  }
  if (!answer.message.finished) throw new RouterError('unavailable', 'upstream stream ended before its stop reason', { blame: 'model', retryable: true });
  return answer.message.result();
}

function note(event: StreamEvent, answer: AnswerState): StreamEvent {
  switch (event.type) {
    case 'content_block_start':
      answer.openIndex = event.index;
      answer.lastIndex = Math.max(answer.lastIndex, event.index);
      break;
    case 'content_block_stop':
      if (answer.openIndex === event.index) answer.openIndex = undefined;
      break;
    case 'content_block_delta':
      if (event.delta.type === 'text_delta') answer.chars += event.delta.text.length;
      else if (event.delta.type === 'thinking_delta') answer.chars += event.delta.thinking.length;
      break;
    default:
      break;
  }
  return event;
}

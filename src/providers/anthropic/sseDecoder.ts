import { StringDecoder } from 'node:string_decoder';
import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { StreamEvent } from '../../domain/events';
import { isRecord } from '../../domain/json';

/** One malformed event is skipped (and reported); the second in a stream is a cut. */
export const MALFORMED_EVENTS_TOLERATED = 1;

const KNOWN = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);

/**
 * Anthropic's event stream, decoded chunk by chunk as the body arrives, framed by eventsource-parser: what the SDK's
 * own stream does, but tolerant. An event whose data is not JSON is skipped and reported (`malformed`) instead of
 * failing the whole answer; pings are dropped (they are not progress); an `event: error` becomes the APIError the
 * SDK would throw, thrown by `check()` once the events before it are handed on. Nothing here requires message_stop:
 * the caller decides whether the answer is complete (its stop reason arrived).
 *
 * Synchronous on purpose: the provider's own generator yields the events, so each one crosses one async generator
 * instead of two (an async generator here cost a promise and a microtask per event on every streamed answer).
 */
export class SseDecoder {
  private ready: StreamEvent[] = [];
  private failure: Error | undefined;
  private bad = 0;
  private readonly parser: EventSourceParser;
  /** StringDecoder, not TextDecoder: as safe for a character split between chunks, about 1.5 µs less per answer. */
  private readonly text = new StringDecoder('utf8');

  constructor(
    private readonly headers: Headers,
    private readonly malformed: (detail: string) => void,
  ) {
    this.parser = createParser({ onEvent: (message) => this.onEvent(message) });
  }

  /** The events this chunk completed, in order. */
  push(chunk: Uint8Array): StreamEvent[] {
    this.parser.feed(this.text.write(chunk));
    return this.take();
  }

  /** The events left when the body ended. */
  end(): StreamEvent[] {
    this.parser.feed(this.text.end());
    return this.take();
  }

  /** Throws what ended the stream (an error event, or one malformed event too many), after its events were taken. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  private take(): StreamEvent[] {
    const events = this.ready;
    if (events.length > 0) this.ready = [];
    return events;
  }

  private onEvent(message: EventSourceMessage): void {
    if (this.failure || message.event === 'ping') return;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      this.bad += 1;
      this.malformed(`event ${(message.event ?? 'message').slice(0, 40)}: data is not JSON (${message.data.length} chars)`);
      if (this.bad > MALFORMED_EVENTS_TOLERATED) this.failure = new APIConnectionError({ message: `upstream sent ${this.bad} malformed events in one stream` });
      return;
    }
    if (message.event === 'error') {
      // As the SDK's own stream does: an APIError without a status, judged by its error type.
      const error = isRecord(data) && isRecord(data['error']) ? data['error'] : undefined;
      const type = typeof error?.['type'] === 'string' ? error['type'] : undefined;
      this.failure = new APIError(undefined, data as object, undefined, this.headers, type as never);
      return;
    }
    if (isRecord(data) && typeof data['type'] === 'string' && KNOWN.has(data['type'])) this.ready.push(data as unknown as StreamEvent);
  }
}

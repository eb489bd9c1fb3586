import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../domain/events';
import { isRecord } from '../../domain/json';

/** One malformed event is skipped (and reported); the second in a stream is a cut. */
export const MALFORMED_EVENTS_TOLERATED = 1;

const KNOWN = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);

/**
 * Anthropic's event stream from a response body, framed by eventsource-parser: what the SDK's own stream does,
 * but tolerant. An event whose data is not JSON is skipped and reported (`malformed`) instead of failing the whole
 * answer; pings are dropped (they are not progress); an `event: error` throws the APIError the SDK would throw.
 * Nothing here requires message_stop: the caller decides whether the answer is complete (its stop reason arrived).
 */
export async function* sseEvents(body: AsyncIterable<Uint8Array>, headers: Headers, malformed: (detail: string) => void): AsyncGenerator<StreamEvent> {
  const ready: StreamEvent[] = [];
  let failure: Error | undefined;
  let bad = 0;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (failure || message.event === 'ping') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        bad += 1;
        malformed(`event ${(message.event ?? 'message').slice(0, 40)}: data is not JSON (${message.data.length} chars)`);
        if (bad > MALFORMED_EVENTS_TOLERATED) failure = new APIConnectionError({ message: `upstream sent ${bad} malformed events in one stream` });
        return;
      }
      if (message.event === 'error') {
        // As the SDK's own stream does: an APIError without a status, judged by its error type.
        const error = isRecord(data) && isRecord(data['error']) ? data['error'] : undefined;
        const type = typeof error?.['type'] === 'string' ? error['type'] : undefined;
        failure = new APIError(undefined, data as object, undefined, headers, type as never);
        return;
      }
      if (isRecord(data) && typeof data['type'] === 'string' && KNOWN.has(data['type'])) ready.push(data as unknown as StreamEvent);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) yield ready.shift() as StreamEvent;
    if (failure) throw failure;
  }
  parser.feed(decoder.decode());
  while (ready.length > 0) yield ready.shift() as StreamEvent;
  if (failure) throw failure;
}

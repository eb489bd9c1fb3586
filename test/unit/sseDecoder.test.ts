import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { SseDecoder } from '../../src/providers/anthropic/sseDecoder';
import type { StreamEvent } from '../../src/domain/events';

const delta = (text: string): string =>
  `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`;

/** Feeds the bytes in pieces cut at the given offsets; returns every event, in order. */
function decode(bytes: Buffer, cuts: number[], malformed: string[] = []): StreamEvent[] {
  const decoder = new SseDecoder(new Headers(), (detail) => malformed.push(detail));
  const events: StreamEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...decoder.push(new Uint8Array(bytes.subarray(at, cut))));
    decoder.check();
    at = cut;
  }
  events.push(...decoder.end());
  decoder.check();
  return events;
}

describe('SseDecoder', () => {
  it('keeps a character whose bytes are split between two chunks, and an event split anywhere', () => {
    const text = 'é€😀 naïve';
    const bytes = Buffer.from(delta(text) + 'event: message_stop\ndata: {"type":"message_stop"}\n\n');
    const inside = bytes.indexOf(Buffer.from('😀')) + 2;
    for (const cuts of [[inside], [1, inside, inside + 1], [bytes.length - 3]]) {
      const events = decode(bytes, cuts);
      expect(events.map((e) => e.type)).toEqual(['content_block_delta', 'message_stop']);
      expect(events[0]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
    }
  });

  it('drops pings, skips one malformed event and reports it, and cuts the stream at the second', () => {
    const malformed: string[] = [];
    const one = Buffer.from(`event: ping\ndata: {"type":"ping"}\n\nevent: content_block_delta\ndata: {nope\n\n${delta('ok')}`);
    expect(decode(one, [], malformed).map((e) => e.type)).toEqual(['content_block_delta']);
    expect(malformed).toEqual(['event content_block_delta: data is not JSON (5 chars)']);
    const two = Buffer.from(`${delta('a')}event: x\ndata: {\n\nevent: y\ndata: [\n\n${delta('b')}`);
    expect(() => decode(two, [])).toThrow(APIConnectionError);
  });

  it("hands on the events before an error event, then throws the SDK's APIError with its type", () => {
    const decoder = new SseDecoder(new Headers(), () => undefined);
    const events = decoder.push(
      Buffer.from(`${delta('partial')}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n${delta('late')}`),
    );
    expect(events).toHaveLength(1);
    let thrown: unknown;
    try {
      decoder.check();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(APIError);
    expect(thrown).toMatchObject({ type: 'overloaded_error' });
  });
});

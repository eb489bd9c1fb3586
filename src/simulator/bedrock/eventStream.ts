import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * AWS event-stream framing (application/vnd.amazon.eventstream): binary frames with a prelude, typed headers, a
 * payload and CRCs, as Bedrock's InvokeModelWithResponseStream sends them.
 */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function str(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/**
 * One `chunk` event: payload `{"bytes": base64(JSON of one Anthropic stream event), "p": padding}`. Bedrock pads
 * every chunk with a `p` field of varying length so sizes do not reveal the content; clients must ignore it.
 */
export function chunkFrame(event: Record<string, unknown>): Uint8Array {
  const json = JSON.stringify(event);
  return payloadFrame(Buffer.from(json, 'utf8').toString('base64'), json.length);
}

/** A chunk whose bytes are not JSON: what a broken gateway or a truncated payload looks like to the client. */
export function malformedChunkFrame(): Uint8Array {
  return payloadFrame(Buffer.from('{"type": "content_block_delta", "delta": {oops', 'utf8').toString('base64'), 0);
}

function payloadFrame(bytes: string, seed: number): Uint8Array {
  const p = PADDING.slice(0, 1 + (seed % PADDING.length));
  const body = fromUtf8(JSON.stringify({ bytes, p }));
  return codec.encode({
    headers: { ':event-type': str('chunk'), ':content-type': str('application/json'), ':message-type': str('event') },
    body,
  });
}

/** A modelled exception frame (`:message-type: exception`), e.g. throttlingException with `{"message": ...}`. */
export function exceptionFrame(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': str(exceptionType),
      ':content-type': str('application/json'),
      ':message-type': str('exception'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Decodes a whole response body, frame by frame (each starts with its total length): for tests and debugging. */
export function decodeFrames(data: Uint8Array): Array<{ headers: Record<string, string>; body: string }> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames: Array<{ headers: Record<string, string>; body: string }> = [];
  for (let offset = 0; offset + 4 <= data.byteLength;) {
    const length = view.getUint32(offset, false);
    const message = codec.decode(data.subarray(offset, offset + length));
    frames.push({
      headers: Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, String(header.value)])),
      body: toUtf8(message.body),
    });
    offset += length;
  }
  return frames;
}

/** Writes frames one at a time, honouring backpressure, like SseWriter for SSE. */
export class FrameWriter {
  private lastFlush: Promise<void> = Promise.resolve();
  private readonly closed: Promise<void>;

  constructor(private readonly res: ServerResponse) {
    this.closed = new Promise((resolve) => res.once('close', () => resolve()));
  }

  /** Resolves false once the client has gone. */
  write(frame: Uint8Array): Promise<boolean> {
    const res = this.res;
    if (res.destroyed || res.writableEnded) return Promise.resolve(false);
    let accepted = false;
    this.lastFlush = new Promise<void>((resolve) => {
      accepted = res.write(frame, () => resolve());
    });
    if (accepted) return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (ok: boolean): void => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = (): void => settle(true);
      const onClose = (): void => settle(false);
      res.on('drain', onDrain);
      res.on('close', onClose);
    });
  }

  /** Resolves once everything written so far has left the process, or the socket is gone. */
  flushed(): Promise<void> {
    return Promise.race([this.lastFlush, this.closed]);
  }
}

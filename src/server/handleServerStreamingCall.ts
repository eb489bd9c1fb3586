import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from '../observability/logger';
import type { RequestContext } from '../router/router';
import { callContext } from './callContext';
import { errorStatus } from './errorStatus';

/** Writes one message; resolves at once, or when the transport drains if its buffer is full (flow control). */
export type Write<Res> = (message: Res) => void | Promise<void>;

export type StreamingHandler<Req, Res> = (request: Req, write: Write<Res>, ctx: RequestContext) => Promise<void>;

export function serverStreaming<Req, Res>(rpc: string, handler: StreamingHandler<Req, Res>, logger: Logger): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>): void => {
    const ctx = callContext(call);
    const write: Write<Res> = (message) => {
      if (ctx.signal.aborted) return;
      if (call.write(message)) return;
      return new Promise<void>((resolve) => {
        const done = (): void => {
          call.removeListener('drain', done);
          ctx.signal.removeEventListener('abort', done);
          resolve();
        };
        call.once('drain', done);
        ctx.signal.addEventListener('abort', done, { once: true });
      });
    };
    handler(call.request, write, ctx).then(
      () => {
        ctx.dispose();
        call.end();
        return;
      },
      (err: unknown) => {
        ctx.dispose();
        if (!call.cancelled) call.emit('error', errorStatus(err, rpc, logger));
        return;
      },
    );
  };
}

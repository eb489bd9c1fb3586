import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import { callContext, type ServerCallContext } from './callContext';
import { errorStatus } from './errorStatus';
import { observeCall } from './observeCall';
import type { HandlerEnv } from './handleUnaryCall';

/** Writes one message; resolves at once, or when the transport drains if its buffer is full (flow control). */
export type Write<Res> = (message: Res) => void | Promise<void>;

export type StreamingHandler<Req, Res> = (request: Req, write: Write<Res>, ctx: ServerCallContext) => Promise<void>;

export function serverStreaming<Req, Res>(rpc: string, handler: StreamingHandler<Req, Res>, env: HandlerEnv): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>): void => {
    let ctx: ServerCallContext | undefined;
    const started = Date.now();
    const write: Write<Res> = (message) => {
      if (ctx?.signal.aborted) return;
      if (call.write(message)) return;
      return new Promise<void>((resolve) => {
        const done = (): void => {
          call.removeListener('drain', done);
          ctx?.signal.removeEventListener('abort', done);
          resolve();
        };
        call.once('drain', done);
        ctx?.signal.addEventListener('abort', done, { once: true });
      });
    };
    Promise.resolve()
      .then(() => {
        ctx = callContext(call, env.callers);
        return handler(call.request, write, ctx);
      })
      .then(
        () => {
          ctx?.dispose();
          observeCall(env.observe, rpc, ctx, started, undefined);
          call.end();
          return;
        },
        (err: unknown) => {
          ctx?.dispose();
          const status = errorStatus(err, rpc, env.logger);
          observeCall(env.observe, rpc, ctx, started, status);
          if (!call.cancelled) call.emit('error', status);
          return;
        },
      );
  };
}

import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import type { CallInfo } from '../../core/call';
import type { Logger } from '../../observability/logger';
import { callInfo } from './callInfo';
import { errorStatus } from './status';
import type { FieldNaming } from './unary';

/** Writes one message; resolves at once, or when the transport drains if its buffer is full (flow control). */
export type Write<Res> = (message: Res) => void | Promise<void>;

export type StreamingHandler<Req, Res> = (request: Req, call: CallInfo, write: Write<Res>) => Promise<void>;

export function serverStreaming<Req, Res>(
  rpc: string,
  handler: StreamingHandler<Req, Res>,
  logger: Logger,
  naming?: FieldNaming<Req>,
): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>): void => {
    const { info, dispose } = callInfo(call);
    const write: Write<Res> = (message) => {
      if (info.signal.aborted) return;
      if (call.write(message)) return;
      return new Promise<void>((resolve) => {
        const done = (): void => {
          call.removeListener('drain', done);
          info.signal.removeEventListener('abort', done);
          resolve();
        };
        call.once('drain', done);
        info.signal.addEventListener('abort', done, { once: true });
      });
    };
    handler(call.request, info, write).then(
      () => {
        dispose();
        call.end();
      },
      (err: unknown) => {
        dispose();
        const status = errorStatus(err, rpc, logger, naming?.(call.request));
        if (!call.cancelled) call.emit('error', status);
      },
    );
  };
}

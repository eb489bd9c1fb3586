import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { CallerDirectory } from '../auth/callerDirectory';
import type { Logger } from '../observability/logger';
import type { OutcomeObserver } from '../observability/requestOutcome';
import { observeCall } from './observeCall';
import { callContext, type ServerCallContext } from './callContext';
import { errorStatus } from './errorStatus';

export type UnaryHandler<Req, Res> = (request: Req, ctx: ServerCallContext) => Promise<Res>;

export interface HandlerEnv {
  callers: CallerDirectory;
  logger: Logger;
  observe: OutcomeObserver;
}

/** Adapts an async handler to grpc-js's callback style; the only place a unary callback is called. */
export function unary<Req, Res>(rpc: string, handler: UnaryHandler<Req, Res>, env: HandlerEnv): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    let ctx: ServerCallContext | undefined;
    const started = Date.now();
    Promise.resolve()
      .then(() => {
        ctx = callContext(call, env.callers);
        return handler(call.request, ctx);
      })
      .then(
        (response) => {
          ctx?.dispose();
          observeCall(env.observe, rpc, ctx, started, undefined);
          callback(null, response);
          return;
        },
        (err: unknown) => {
          ctx?.dispose();
          const status = errorStatus(err, rpc, env.logger);
          observeCall(env.observe, rpc, ctx, started, status);
          callback(status);
          return;
        },
      );
  };
}

import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { CallerDirectory } from '../auth/callerDirectory';
import type { Logger } from '../observability/logger';
import { callContext, type ServerCallContext } from './callContext';
import { errorStatus } from './errorStatus';

export type UnaryHandler<Req, Res> = (request: Req, ctx: ServerCallContext) => Promise<Res>;

export interface HandlerEnv {
  callers: CallerDirectory;
  logger: Logger;
}

/** Adapts an async handler to grpc-js's callback style; the only place a unary callback is called. */
export function unary<Req, Res>(rpc: string, handler: UnaryHandler<Req, Res>, env: HandlerEnv): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    let ctx: ServerCallContext | undefined;
    Promise.resolve()
      .then(() => {
        ctx = callContext(call, env.callers);
        return handler(call.request, ctx);
      })
      .then(
        (response) => {
          ctx?.dispose();
          callback(null, response);
          return;
        },
        (err: unknown) => {
          ctx?.dispose();
          callback(errorStatus(err, rpc, env.logger));
          return;
        },
      );
  };
}

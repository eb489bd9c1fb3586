import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from '../observability/logger';
import type { RequestContext } from '../router/router';
import { callContext } from './callContext';
import { errorStatus } from './errorStatus';

export type UnaryHandler<Req, Res> = (request: Req, ctx: RequestContext) => Promise<Res>;

/** Adapts an async handler to grpc-js's callback style; the only place a unary callback is called. */
export function unary<Req, Res>(rpc: string, handler: UnaryHandler<Req, Res>, logger: Logger): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const ctx = callContext(call);
    handler(call.request, ctx).then(
      (response) => {
        ctx.dispose();
        callback(null, response);
        return;
      },
      (err: unknown) => {
        ctx.dispose();
        callback(errorStatus(err, rpc, logger));
        return;
      },
    );
  };
}

import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { CallInfo } from '../../core/call';
import type { Logger } from '../../observability/logger';
import { callInfo } from './callInfo';
import { errorStatus, type FieldNamer } from './status';

export type UnaryHandler<Req, Res> = (request: Req, call: CallInfo) => Promise<Res>;

/** How a request's bad field is named in its error: by the proto path, for the RPCs that take a CompleteRequest. */
export type FieldNaming<Req> = (request: Req) => FieldNamer;

/** Adapts an async handler to grpc-js's callback style; the only place a unary callback is called. */
export function unary<Req, Res>(rpc: string, handler: UnaryHandler<Req, Res>, logger: Logger, naming?: FieldNaming<Req>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const { info, dispose } = callInfo(call);
    handler(call.request, info).then(
      (response) => {
        dispose();
        callback(null, response);
      },
      (err: unknown) => {
        dispose();
        callback(errorStatus(err, rpc, logger, naming?.(call.request)));
      },
    );
  };
}

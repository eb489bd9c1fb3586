import { status, type StatusObject, Metadata } from '@grpc/grpc-js';
import { RouterError } from '../errors/routerError';
import type { Logger } from '../observability/logger';

/**
 * The one place an error becomes a gRPC status. A RouterError is meant for the caller and keeps its code and
 * message; anything else is a bug: its stack goes to the log and the caller gets INTERNAL without details.
 */
export function errorStatus(err: unknown, rpc: string, logger: Logger): Partial<StatusObject> {
  if (err instanceof RouterError) return { code: err.code, details: err.message, metadata: new Metadata() };
  logger.error('unexpected error in handler', { rpc, err: err instanceof Error ? err : String(err) });
  return { code: status.INTERNAL, details: 'internal error', metadata: new Metadata() };
}

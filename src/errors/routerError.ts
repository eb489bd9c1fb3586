import { status } from '@grpc/grpc-js';

/**
 * An error meant for the caller: it carries the gRPC status to answer with and a message a person can act on.
 * Anything else that escapes a handler is logged with its stack and answered as INTERNAL without details.
 */
export class RouterError extends Error {
  override readonly name = 'RouterError';

  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string): RouterError => new RouterError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string): RouterError => new RouterError(status.NOT_FOUND, message);

import type * as grpc from '@grpc/grpc-js';

/** Stops a bench child's grpc-js server: gracefully, or at once after a second of calls that will not end. */
export function closeServer(server: grpc.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 1_000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

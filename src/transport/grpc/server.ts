import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import type { TlsConfig } from '../../config/schema';
import type { Logger } from '../../observability/logger';
import type { RouterHealth } from './health';
import { loadHealthPackage, loadModelRouterPackage } from './protoLoader';
import { strictReflectionService } from './reflection';
import { watchSessions, type SessionEvent } from './sessionWatch';
import type { ModelRouterHandlers } from '../../generated/modelrouter/v1/ModelRouter';

export interface ServerOptions {
  host: string;
  port: number;
  maxRequestBytes: number;
  tls: TlsConfig | undefined;
  logger: Logger;
  /** A whole HTTP/2 connection failed or was told to go away. */
  onSessionEvent?: (event: SessionEvent) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly server: grpc.Server;
  /** Stops taking calls, lets in-flight ones finish for up to graceMs, then cuts the rest. */
  drain(graceMs: number): Promise<void>;
}

export async function startGrpcServer(handlers: ModelRouterHandlers, health: RouterHealth, options: ServerOptions): Promise<RunningServer> {
  const { packageDefinition, proto } = loadModelRouterPackage();
  const server = new grpc.Server({
    // Larger requests are refused by grpc-js with RESOURCE_EXHAUSTED before our code sees them.
    'grpc.max_receive_message_length': options.maxRequestBytes,
    // channelz bookkeeping costs every call and nothing here reads it.
    'grpc.enable_channelz': 0,
  });
  server.addService(proto.modelrouter.v1.ModelRouter.service, handlers);
  health.implementation.addToServer(server);
  // Reflection describes the health service too, so `grpcurl ... grpc.health.v1.Health/Check` needs no proto file.
  strictReflectionService({ ...packageDefinition, ...loadHealthPackage() }).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, serverCredentials(options.tls), (err, bound) => {
      if (err) reject(err);
      else resolve(bound);
    });
  });
  if (options.onSessionEvent && !watchSessions(server, options.onSessionEvent)) {
    options.logger.warn('HTTP/2 session errors cannot be watched with this grpc-js version', { event: 'session_watch_unavailable' });
  }
  health.ready();

  return {
    port,
    server,
    drain: (graceMs) =>
      new Promise<void>((resolve) => {
        health.draining();
        // tryShutdown has been seen never to call back after a client vanished mid-stream (grpc-node #1458).
        const timer = setTimeout(() => {
          options.logger.warn('grace period over; cancelling calls still in flight', { grace_ms: graceMs });
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Plaintext, TLS, or mutual TLS when a client CA is given (then callers must present a certificate it signed). */
export function serverCredentials(tls: TlsConfig | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const clientCa = tls.client_ca_file ? readFileSync(tls.client_ca_file) : null;
  return grpc.ServerCredentials.createSsl(clientCa, [{ cert_chain: readFileSync(tls.cert_file), private_key: readFileSync(tls.key_file) }], clientCa !== null);
}

import sse from '@fastify/sse';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { TlsConfig } from '../../config/schema';
import type { Router } from '../../core/router';
import type { Logger } from '../../observability/logger';
import { notFound, RouterError } from '../../domain/routerError';
import { httpCallInfo } from './callInfo';
import { fromFastifyError, toHttpError } from './errors';
import { registerMessages } from './messages';
import { registerModels } from './models';
import { registerBudgets } from './budgets';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** The same TLS (and mTLS) settings as the gRPC server. */
  tls: TlsConfig | undefined;
  maxRequestBytes: number;
  /** An idle stream gets an `event: ping` this often. */
  pingIntervalMs: number;
  logger: Logger;
  /** False before start-up completes and while draining: /healthz answers 503. */
  serving(): boolean;
}

export interface RunningHttpServer {
  readonly port: number;
  /** Stops taking requests, lets in-flight ones finish for up to graceMs, then cuts the rest. */
  drain(graceMs: number): Promise<void>;
}

/**
 * The Anthropic-compatible door: any Anthropic SDK pointed here (base URL) gets policy routing, fallback, the cache,
 * auth, limits, metrics and logs through the same core as gRPC. Fastify parses, routes and limits the body (a body
 * over the limit is refused while it arrives); @fastify/sse frames the event stream.
 */
export async function startHttpServer(router: Router, options: HttpServerOptions): Promise<RunningHttpServer> {
  const app = Fastify({
    bodyLimit: options.maxRequestBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ...(options.tls ? { https: httpsOptions(options.tls) } : {}),
  }) as unknown as FastifyInstance;
  await app.register(sse, { heartbeatInterval: 0 });
  app.setErrorHandler((err, request, reply) => {
    // Errors of the core were reported by its call chain; Fastify's own (bad JSON, a body over the limit) were not.
    const refused = err instanceof RouterError ? undefined : fromFastifyError(err);
    if (refused) router.refused(rpcOf(request.url), httpCallInfo(request, reply), refused);
    const answer = toHttpError(refused ?? err, options.logger);
    void reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `Not found: ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`;
    router.refused('NotFound', httpCallInfo(request, reply), notFound(message));
    void reply.code(404).send({ type: 'error', error: { type: 'not_found_error', message } });
  });
  registerMessages(app, router, options.pingIntervalMs, options.logger);
  registerModels(app, router);
  registerBudgets(app, router);
  app.get('/healthz', async (_request, reply) => {
    // Serving means some platform can be called: with every key and region unavailable nothing can be answered.
    const serving = options.serving() && router.platforms().some((p) => p.ready);
    // A platform that cannot serve (no credentials) is a detail of readiness, not a reason to stop serving.
    return reply.code(serving ? 200 : 503).send({ status: serving ? 'serving' : 'not_serving', providers: router.platforms() });
  });
  await app.listen({ host: options.host, port: options.port });
  return {
    port: (app.server.address() as AddressInfo).port,
    drain: (graceMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.logger.warn('HTTP grace period over; closing connections still open', { grace_ms: graceMs });
          app.server.closeAllConnections();
        }, graceMs);
        // A keep-alive connection whose request finishes during the drain would otherwise hold close() open.
        const idle = setInterval(() => app.server.closeIdleConnections(), 50);
        void app.close().then(() => {
          clearTimeout(timer);
          clearInterval(idle);
          resolve();
        });
      }),
  };
}

/** The RPC a refused request was meant for, from a closed set (metric labels never take a caller's URL). */
function rpcOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  if (path === '/v1/messages') return 'Complete';
  if (path === '/v1/messages/count_tokens') return 'CountTokens';
  if (path.startsWith('/v1/models')) return 'ListModels';
  if (path.startsWith('/v1/budgets')) return 'GetBudget';
  return 'NotFound';
}

function httpsOptions(tls: TlsConfig): Record<string, unknown> {
  const base = { cert: readFileSync(tls.cert_file), key: readFileSync(tls.key_file) };
  return tls.client_ca_file ? { ...base, ca: readFileSync(tls.client_ca_file), requestCert: true, rejectUnauthorized: true } : base;
}

import { redactUrl } from '../util/redactUrl';
import type { Logger } from './logger';

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: the Node SDK
 * with its OTLP exporter, configured by the standard OTEL_* variables (protocol, headers, sampler, service name),
 * no auto-instrumentation (the router makes its own spans). Off otherwise: the API stays a no-op. The SDK is
 * loaded only then, so a router without tracing never pays for it.
 */
export async function startTracing(env: NodeJS.ProcessEnv, logger: Logger): Promise<TracingHandle | undefined> {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint) return undefined;
  const { startNodeSdk } = await import('@opentelemetry/sdk-node');
  const sdk = startNodeSdk({ resourceAttributes: { 'service.name': env['OTEL_SERVICE_NAME'] || 'modelrouter' }, instrumentations: [] });
  logger.info('tracing on: spans go to the OTLP endpoint', { event: 'tracing', endpoint: redactUrl(endpoint) });
  return sdk;
}

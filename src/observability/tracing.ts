import { suppressTracing } from '@opentelemetry/core';
import {
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/**
 * Spans through the OpenTelemetry API only: with no SDK registered (OTEL_EXPORTER_OTLP_ENDPOINT unset) every call
 * here is the API's no-op and costs next to nothing. Parents are passed explicitly, not through async context:
 * the request path runs through async generators, where an implicit context would land on the wrong span.
 */
export type TraceContext = Context;

const TRACER = 'modelrouter';

export const NO_TRACE: TraceContext = ROOT_CONTEXT;

/** A context whose spans (and their children's) the SDK does not record: for the router's own warm-up calls. */
export const SUPPRESSED: TraceContext = suppressTracing(ROOT_CONTEXT);

/** The caller's W3C trace context (traceparent, tracestate), as the parent of the call's span. */
export function incomingContext(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent, ...(tracestate ? { tracestate } : {}) };
  return propagation.extract(ROOT_CONTEXT, carrier);
}

export interface SpanOptions {
  kind?: 'server' | 'client' | 'internal';
  attributes?: Attributes;
}

const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

/** What every span is while no SDK is registered: one shared no-op, and its children stay under the parent. */
const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * The tracer of the registered SDK, or undefined when none is. The API's own no-op path still builds a span and
 * copies the context's Map for each one, a few per call: a tenth of what a cache hit allocated.
 */
function sdkTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider() as Partial<{ getDelegateTracer(name: string): Tracer | undefined }>;
  return typeof provider.getDelegateTracer === 'function' ? provider.getDelegateTracer(TRACER) : trace.getTracer(TRACER);
}

/** A span under `parent`, and the context its own children go under. */
export function startSpan(name: string, parent: TraceContext, options: SpanOptions = {}): { span: Span; context: TraceContext } {
  const tracer = sdkTracer();
  if (!tracer) return { span: NOOP_SPAN, context: parent };
  const span = tracer.startSpan(name, { kind: KINDS[options.kind ?? 'internal'], ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a span, as an error when one is given (its message, bounded: it may quote upstream). */
export function endSpan(span: Span, error?: unknown, attributes?: Attributes): void {
  if (attributes) span.setAttributes(attributes);
  if (error !== undefined) {
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'failed';
    span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 256) });
  }
  span.end();
}

/** Runs `work` in a span of its own under `parent`. */
export async function inSpan<T>(name: string, parent: TraceContext, work: () => Promise<T>, attributes?: Attributes): Promise<T> {
  const { span } = startSpan(name, parent, attributes ? { attributes } : {});
  try {
    const value = await work();
    endSpan(span);
    return value;
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
}

/** The headers that carry this context upstream (traceparent, tracestate); none when nothing is traced. */
export function outgoingHeaders(ctx: TraceContext): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The trace id of the span in this context, when it is a real (sampled or recording) one. */
export function traceIdOf(ctx: TraceContext): string | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

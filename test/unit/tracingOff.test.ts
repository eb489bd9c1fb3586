import { trace } from '@opentelemetry/api';
import { NO_TRACE, startSpan } from '../../src/observability/tracing';

describe('tracing with no SDK registered (OTEL_EXPORTER_OTLP_ENDPOINT unset)', () => {
  it('hands out one shared no-op span and leaves the context as it was: nothing is built per call', () => {
    trace.disable();
    const a = startSpan('modelrouter.call', NO_TRACE, { kind: 'server', attributes: { 'rpc.method': 'Complete' } });
    const b = startSpan('modelrouter.cache.lookup', a.context);
    expect(a.context).toBe(NO_TRACE);
    expect(b.context).toBe(NO_TRACE);
    expect(b.span).toBe(a.span);
    expect(a.span.isRecording()).toBe(false);
  });
});

import type { FastifyInstance } from 'fastify';
import type { Router } from '../../core/router';
import type { Logger } from '../../observability/logger';
import { httpCallInfo } from './callInfo';
import { toRouterRequest, wantsStream } from './request';
import { resultHeaders } from './routingHeaders';
import { writeSse } from './sse';

/** POST /v1/messages (a Message, or Anthropic's event stream with `stream: true`) and /v1/messages/count_tokens. */
export function registerMessages(app: FastifyInstance, router: Router, pingIntervalMs: number, logger: Logger): void {
  app.post('/v1/messages', { sse: { kind: 'manual', heartbeat: false } }, async (request, reply) => {
    const call = httpCallInfo(request, reply);
    const decode = () => toRouterRequest(request.body, request.headers, true);
    if (!wantsStream(request.body)) {
      const result = await router.complete(call, decode);
      void reply.headers(resultHeaders(result));
      return result.message;
    }
    const events = router.stream(call, decode)[Symbol.asyncIterator]();
    try {
      // Until the first event nothing is written: a failure here is still a plain HTTP error.
      const first = await events.next();
      await writeSse(events, first, reply, pingIntervalMs, logger);
    } finally {
      await events.return?.();
    }
    // Nothing to return: @fastify/sse ends the response once the handler resolves (the reply itself is a thenable
    // that settles only when the response ends, so returning it would wait forever).
    return undefined;
  });

  app.post('/v1/messages/count_tokens', async (request, reply) => {
    const counted = await router.countTokens(httpCallInfo(request, reply), () => toRouterRequest(request.body, request.headers, false));
    void reply.header('x-modelrouter-model', counted.model);
    return { input_tokens: counted.inputTokens };
  });
}

import type { FastifyReply } from 'fastify';
import type { CoreEvent } from '../../core/result';
import type { Logger } from '../../observability/logger';
import { toHttpError } from './errors';
import { routedHeaders } from './routingHeaders';

const PING = { event: 'ping', data: { type: 'ping' } };

/**
 * The core's events as Anthropic's server-sent events, framed by @fastify/sse. Nothing is written before the
 * first event, so a request that fails before any content (every model down, bad input) is still an ordinary HTTP
 * error; the routing headers go out with the first event. A failure after it is an `event: error` with Anthropic's
 * error object, never a stream that just stops.
 */
export async function writeSse(
  events: AsyncIterator<CoreEvent>,
  first: IteratorResult<CoreEvent>,
  reply: FastifyReply,
  pingIntervalMs: number,
  logger: Logger,
): Promise<void> {
  const sse = reply.sse;
  let lastWrite = Date.now();
  // Anthropic pings an idle stream, so clients and proxies see the connection is alive.
  const ping = setInterval(() => {
    if (Date.now() - lastWrite < pingIntervalMs || !sse.isConnected) return;
    lastWrite = Date.now();
    sse.send(PING).catch(() => undefined);
  }, pingIntervalMs / 2);
  try {
    for (let next = first; !next.done;) {
      const event = next.value;
      if (event.type === 'routed') reply.headers(routedHeaders(event));
      else if (event.type === 'restart') {
        // Not an Anthropic event: only a client that sent x-modelrouter-stream-restart gets it, and knows it.
        await sse.send({ event: 'modelrouter_restart', data: { type: 'modelrouter_restart', reason: event.reason, model: event.model } });
      } else if (event.type !== 'done' && event.type !== 'message') {
        await sse.send({ event: event.type, data: event });
        lastWrite = Date.now();
      }
      if (!sse.isConnected) return;
      try {
        next = await events.next();
      } catch (err) {
        const { body } = toHttpError(err, logger);
        if (sse.isConnected) await sse.send({ event: 'error', data: body });
        return;
      }
    }
  } finally {
    clearInterval(ping);
  }
}

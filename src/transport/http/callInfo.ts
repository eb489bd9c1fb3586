import type { FastifyReply, FastifyRequest } from 'fastify';
import { LazyCallInfo, traceOf, type CallInfo } from '../../core/call';
import { LazyAbort } from '../../util/lazyAbort';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The caller's token (`x-api-key`, as the Anthropic SDKs send it, or `Authorization: Bearer`), its deadline (the
 * SDKs send their own timeout as `x-stainless-timeout`, in seconds: past it the caller has given up anyway), its
 * W3C trace id, and an AbortSignal that fires when the client goes away before the answer is complete.
 */
export function httpCallInfo(request: FastifyRequest, reply: FastifyReply): CallInfo {
  const headers = request.headers;
  const abort = new LazyAbort();
  const timeout = Number(header(headers['x-stainless-timeout']));
  const deadline = Number.isFinite(timeout) && timeout > 0 ? Date.now() + timeout * 1000 : Infinity;
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort(Date.now() >= deadline ? 'deadline' : 'cancelled');
  });
  return new LazyCallInfo(
    header(headers['x-api-key']) ?? header(headers.authorization)?.match(BEARER)?.[1],
    deadline,
    abort,
    traceOf(header(headers.traceparent), header(headers.tracestate)),
    'http',
  );
}

export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

import type { LoopbackDoor } from '../../core/loopbackDoor';
import type { Router } from '../../core/router';
import type { Logger } from '../../observability/logger';
import { startHttpServer } from './server';

/** What SDK clients send most, as the gRPC warm-up's requests: a question by task, a cacheable one, an untyped one. */
const BODIES: readonly Record<string, unknown>[] = [
  { model: 'task:simple_qa', max_tokens: 64, messages: [{ role: 'user', content: 'What is the capital of France?' }] },
  { model: 'task:simple_qa', max_tokens: 64, temperature: 0, messages: [{ role: 'user', content: 'Name three primary colours.' }] },
  { model: 'auto', max_tokens: 64, messages: [{ role: 'user', content: 'Write a function that reverses a string in TypeScript.' }] },
];

/**
 * The HTTP door on a loopback port of its own over `router`, called with real HTTP requests: Fastify's routing and
 * JSON parsing, the door's request mapping and SSE framing run as they will for the first SDK client.
 */
export async function openHttpLoopback(router: Router, options: { maxRequestBytes: number; pingIntervalMs: number; logger: Logger }): Promise<LoopbackDoor> {
  const server = await startHttpServer(router, {
    host: '127.0.0.1',
    port: 0,
    tls: undefined,
    maxRequestBytes: options.maxRequestBytes,
    pingIntervalMs: options.pingIntervalMs,
    logger: options.logger,
    serving: () => true,
  });
  const base = `http://127.0.0.1:${server.port}/v1/messages`;
  return {
    async round(deadline) {
      let calls = 0;
      for (const body of BODIES) {
        await post(base, body, deadline);
        await post(base, { ...body, stream: true }, deadline);
        await post(`${base}/count_tokens`, { model: body['model'], messages: body['messages'] }, deadline);
        calls += 3;
      }
      return calls;
    },
    close: () => server.drain(0),
  };
}

/** Reads the whole answer (a stream to its end); anything but a 2xx ends the warm-up, as a failed gRPC call does. */
async function post(url: string, body: object, deadline: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).pathname}: ${text.slice(0, 200)}`);
}

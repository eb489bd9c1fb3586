/**
 * Child process: the proxy floor. The least a gRPC-to-Anthropic proxy can do for the router's miss: a bare grpc-js
 * server whose modelrouter.v1.ModelRouter/Complete sends the one user message to the fake through the same SDK and
 * the router's own transport (createPooledFetch), asks for the answer the way the router does by default (an event
 * stream, decoded by the router's SseDecoder; `upstream: 'json'` asks for one JSON body instead), and answers with
 * the text; and the same behind a bare node:http server taking the Messages API's JSON (the HTTP door's floor).
 * No validation, policy, cache, breaker, deadline, metrics or log: what is left between this row and the router's
 * miss is the router's own work; what is left between this row and the direct SDK is the machine's price for one
 * more process and one more hop.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import Anthropic from '@anthropic-ai/sdk';
import type { CompleteRequest__Output } from '../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse } from '../src/generated/modelrouter/v1/CompleteResponse';
import type { Message } from '../src/domain/messages';
import { createPooledFetch, streamBody } from '../src/providers/anthropic/pooledFetch';
import { SseDecoder } from '../src/providers/anthropic/sseDecoder';
import { loadModelRouterPackage } from '../src/transport/grpc/protoLoader';
import { childArg, serveChild } from './lib/child';
import { closeServer } from './lib/grpcServer';

export interface ProxyArg {
  apiKey: string;
  fakeUrl: string;
  model: string;
  upstream: 'sse' | 'json';
}

export interface ProxyReady {
  port: number;
  httpPort: number;
  upstream: ProxyArg['upstream'];
}

interface Answer {
  id: string;
  text: string;
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
}

serveChild(async () => {
  const arg = childArg<ProxyArg>();
  const pooled = createPooledFetch();
  const client = new Anthropic({ apiKey: arg.apiKey, baseURL: arg.fakeUrl, maxRetries: 0, fetch: pooled.fetch });
  const ask = arg.upstream === 'json' ? askJson : askStreamed;
  const { proto } = loadModelRouterPackage();
  const server = new grpc.Server();
  const complete: grpc.handleUnaryCall<CompleteRequest__Output, CompleteResponse> = (call, callback) => {
    const request = call.request;
    const body = {
      model: arg.model,
      max_tokens: request.max_tokens,
      messages: request.messages.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    };
    ask(client, body).then(
      (answer) =>
        callback(null, {
          id: answer.id,
          model: arg.model,
          text: answer.text,
          stop_reason: answer.stopReason,
          usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
          task: request.task,
          content: [{ text: { text: answer.text } }],
        }),
      (err: unknown) => callback({ code: grpc.status.UNAVAILABLE, details: String(err).slice(0, 200) }),
    );
  };
  server.addService(proto.modelrouter.v1.ModelRouter.service, { Complete: complete });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const http = createServer((req, res) => void relay(req, res, arg.model, (body) => ask(client, { ...body, model: arg.model })));
  const httpPort = await new Promise<number>((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as { port: number }).port)));
  const ready: ProxyReady = { port, httpPort, upstream: arg.upstream };
  return {
    ready,
    handlers: {},
    close: async () => {
      await Promise.all([closeServer(server), closeHttp(http)]);
      pooled.close();
    },
  };
});

type Body = Anthropic.MessageCreateParamsNonStreaming;

/** POST /v1/messages with a JSON body, answered as a Messages API message; anything else a 400 (the bench sends nothing else). */
async function relay(req: IncomingMessage, res: ServerResponse, model: string, ask: (body: Body) => Promise<Answer>): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) throw new Error(`not served: ${req.method} ${req.url}`);
    const answer = await ask(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body);
    const message = {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: answer.text }],
      stop_reason: answer.stopReason,
      stop_sequence: null,
      usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
  } catch (err) {
    const error = { type: 'error', error: { type: 'invalid_request_error', message: String(err).slice(0, 200) } };
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(error));
  }
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function askJson(client: Anthropic, body: Body): Promise<Answer> {
  const message = await client.messages.create(body);
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { id: message.id, text, stopReason: message.stop_reason ?? '', inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
}

async function askStreamed(client: Anthropic, body: Body): Promise<Answer> {
  const response = await client.messages.create({ ...body, stream: true }).asResponse();
  const chunks = streamBody(response);
  if (!chunks) throw new Error('upstream answered a stream with no body');
  const decoder = new SseDecoder(response.headers, () => undefined);
  const answer: Answer = { id: '', text: '', stopReason: '', inputTokens: 0, outputTokens: 0 };
  const take = (events: ReturnType<SseDecoder['push']>): void => {
    for (const event of events) {
      if (event.type === 'message_start') {
        const message: Message = event.message;
        answer.id = message.id;
        answer.inputTokens = message.usage.input_tokens;
      } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        answer.text += event.delta.text;
      } else if (event.type === 'message_delta') {
        answer.stopReason = event.delta.stop_reason ?? '';
        answer.outputTokens = event.usage.output_tokens ?? 0;
      }
    }
    decoder.check();
  };
  for await (const chunk of chunks) take(decoder.push(chunk));
  take(decoder.end());
  if (!answer.stopReason) throw new Error('upstream stream ended before its stop reason');
  return answer;
}

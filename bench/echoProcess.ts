/**
 * Child process: the floor. A bare grpc-js server that does no work of its own, with two services:
 *  - modelrouter.v1.ModelRouter/Complete answered at once with a canned CompleteResponse of the same shape and
 *    size as a cache hit (same proto, same proto-loader client stub as the router; the bench prints both encoded
 *    sizes): the cost of grpc-js plus protobuf for exactly these messages. Targets are computed against this floor.
 *  - bench.Echo/Echo, Buffer in -> same Buffer out, no (de)serialization at all: grpc-js alone, for reference.
 */
import * as grpc from '@grpc/grpc-js';
import type { CompleteRequest__Output } from '../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse } from '../src/generated/modelrouter/v1/CompleteResponse';
import { loadModelRouterPackage } from '../src/transport/grpc/protoLoader';
import { serveChild } from './lib/child';
import { closeServer } from './lib/grpcServer';
import { RAW_ECHO_SERVICE } from './lib/rawEcho';

export interface EchoReady {
  port: number;
}

serveChild(async () => {
  const { proto } = loadModelRouterPackage();
  const server = new grpc.Server();
  const complete: grpc.handleUnaryCall<CompleteRequest__Output, CompleteResponse> = (call, callback) => {
    const request = call.request;
    const model = 'claude-haiku-4-5-20251001';
    const text = `Simulated reply from ${model} to: "${request.messages[0]?.content ?? ''}"`;
    // Every field a hit carries, `content` included (a hit has held its blocks since the Messages API): the floor
    // encodes and the client decodes as many bytes as for the router's hit; the bench prints both sizes.
    callback(null, {
      id: 'msg_0123456789abcdef01234567',
      model,
      text,
      thinking: '',
      stop_reason: 'end_turn',
      usage: { input_tokens: 8, output_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      cached: true,
      attempts: [],
      cost_usd: 0,
      task: request.task,
      fallback: false,
      content: [{ text: { text } }],
    });
  };
  server.addService(proto.modelrouter.v1.ModelRouter.service, { Complete: complete });
  const echo: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => callback(null, call.request);
  server.addService(RAW_ECHO_SERVICE, { Echo: echo });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const ready: EchoReady = { port };
  return {
    ready,
    handlers: {},
    close: () => closeServer(server),
  };
});

import * as grpc from '@grpc/grpc-js';
import type { LoopbackDoor } from '../../core/loopbackDoor';
import type { Router } from '../../core/router';
import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { Logger } from '../../observability/logger';
import { loadModelRouterPackage } from './protoLoader';
import { modelRouterService } from './service';

/** What callers send most: a question by task, a cacheable one, an untyped one, and code. */
const REQUESTS: readonly CompleteRequest[] = [
  { task: 'simple_qa', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 64 },
  { task: 'simple_qa', temperature: 0, messages: [{ role: 'user', content: 'Name three primary colours.' }], max_tokens: 64 },
  { messages: [{ role: 'user', content: 'Write a function that reverses a string in TypeScript.' }], max_tokens: 64 },
];

/**
 * Serves `router` on a loopback port of its own and calls it through a real grpc-js client: the server's call
 * handling, HTTP/2 framing and (de)serialisation run as well as the router.
 */
export async function openGrpcLoopback(router: Router, logger: Logger): Promise<LoopbackDoor> {
  const { proto } = loadModelRouterPackage();
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  server.addService(proto.modelrouter.v1.ModelRouter.service, modelRouterService(router, logger));
  try {
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    const client = new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
      async round(deadline) {
        const options: grpc.CallOptions = { deadline };
        for (const request of REQUESTS) {
          await new Promise<void>((resolve, reject) => client.Complete(request, options, (err) => (err ? reject(err) : resolve())));
          await new Promise<void>((resolve, reject) => {
            const stream = client.StreamComplete(request, options);
            stream.on('data', () => undefined);
            stream.on('error', reject);
            stream.on('end', resolve);
          });
          await new Promise<void>((resolve, reject) => client.Route(request, options, (err) => (err ? reject(err) : resolve())));
        }
        return REQUESTS.length * 3;
      },
      close() {
        client.close();
        server.forceShutdown();
        return Promise.resolve();
      },
    };
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
}

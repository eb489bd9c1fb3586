import * as grpc from '@grpc/grpc-js';
import type { Router } from '../../core/router';
import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { Logger } from '../../observability/logger';
import { loadModelRouterPackage } from './protoLoader';
import { modelRouterService } from './service';

export interface LoopbackPlan {
  /** Rounds of Complete, StreamComplete and Route over each request. */
  rounds: number;
  /** Epoch ms: every call carries it as its deadline. */
  deadline: number;
  /**
   * No round starts with less than this plus twice the longest round so far left before the deadline: a call the
   * router refuses for want of time (its min_attempt_ms) would end the rounds as a failure.
   */
  reserveMs: number;
}

/** What callers send most: a question by task, a cacheable one, an untyped one, and code. */
const REQUESTS: readonly CompleteRequest[] = [
  { task: 'simple_qa', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 64 },
  { task: 'simple_qa', temperature: 0, messages: [{ role: 'user', content: 'Name three primary colours.' }], max_tokens: 64 },
  { messages: [{ role: 'user', content: 'Write a function that reverses a string in TypeScript.' }], max_tokens: 64 },
];

/**
 * Serves `router` on a loopback port of its own and calls it through a real grpc-js client until the rounds or the
 * deadline run out: the server's call handling, HTTP/2 framing and (de)serialisation run as well as the router.
 * Returns the rounds completed, and the error of a call that failed (which ends it). The server and client are gone after.
 */
export async function callOverLoopback(router: Router, plan: LoopbackPlan, logger: Logger): Promise<{ rounds: number; error?: unknown }> {
  const { proto } = loadModelRouterPackage();
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  server.addService(proto.modelrouter.v1.ModelRouter.service, modelRouterService(router, logger));
  let client: InstanceType<typeof proto.modelrouter.v1.ModelRouter> | undefined;
  let rounds = 0;
  const options = (): grpc.CallOptions => ({ deadline: plan.deadline });
  try {
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    const c = new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    client = c;
    let longestRound = 0;
    for (; rounds < plan.rounds && plan.deadline - Date.now() > plan.reserveMs + 2 * longestRound; rounds++) {
      const roundStarted = Date.now();
      for (const request of REQUESTS) {
        await new Promise<void>((resolve, reject) => c.Complete(request, options(), (err) => (err ? reject(err) : resolve())));
        await new Promise<void>((resolve, reject) => {
          const stream = c.StreamComplete(request, options());
          stream.on('data', () => undefined);
          stream.on('error', reject);
          stream.on('end', resolve);
        });
        await new Promise<void>((resolve, reject) => c.Route(request, options(), (err) => (err ? reject(err) : resolve())));
      }
      longestRound = Math.max(longestRound, Date.now() - roundStarted);
    }
    return { rounds };
  } catch (error) {
    return { rounds, error };
  } finally {
    client?.close();
    server.forceShutdown();
  }
}

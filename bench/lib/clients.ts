/** The load generator's clients: the Anthropic SDK straight at the fake, and grpc-js stubs for router and floor. */
import * as grpc from '@grpc/grpc-js';
import Anthropic from '@anthropic-ai/sdk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { Model__Output } from '../../src/generated/modelrouter/v1/Model';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';
import { RawEchoClient } from './rawEcho';

export const PRIMARY = 'claude-haiku-4-5-20251001';
export const FALLBACK = 'claude-3-5-haiku-20241022';
export const PROMPT = 'What is the capital of France? Answer in one short sentence.';
export const MAX_TOKENS = 256;
/** Every call carries a deadline, so nothing in the bench can wait forever. */
export const CALL_DEADLINE_MS = 20_000;

/** Cache miss by construction: the router neither reads nor writes the cache. Same body the direct client sends. */
export const MISS_REQUEST: CompleteRequest = {
  task: 'simple_qa',
  messages: [{ role: 'user', content: PROMPT }],
  max_tokens: MAX_TOKENS,
  cache: 'CACHE_MODE_BYPASS',
};

/** Cacheable (temperature 0, default cache mode): after one warm call, every call is a hit. */
export const HIT_REQUEST: CompleteRequest = {
  task: 'simple_qa',
  messages: [{ role: 'user', content: PROMPT }],
  max_tokens: MAX_TOKENS,
  temperature: 0,
};

/** Identical client setup for the router and the floor: default channel options, insecure, one channel each. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = {};

export function modelRouterClient(port: number): ModelRouterClient {
  const { proto } = loadModelRouterPackage();
  return new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
}

const deadline = (): grpc.CallOptions => ({ deadline: Date.now() + CALL_DEADLINE_MS });

export function complete(client: ModelRouterClient, request: CompleteRequest): Promise<CompleteResponse__Output> {
  return new Promise((resolve, reject) => {
    client.Complete(request, deadline(), (err, response) => {
      if (err) reject(err);
      else if (!response) reject(new Error('empty response'));
      else resolve(response);
    });
  });
}

export function getModel(client: ModelRouterClient, id: string): Promise<Model__Output> {
  return new Promise((resolve, reject) => {
    client.GetModel({ id }, { deadline: Date.now() + 5_000 }, (err, response) => {
      if (err) reject(err);
      else if (!response) reject(new Error('empty response'));
      else resolve(response);
    });
  });
}

interface RawEcho {
  Echo(request: Buffer, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, response?: Buffer) => void): void;
  close(): void;
}

export function rawEchoClient(port: number): RawEcho {
  return new RawEchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as unknown as RawEcho;
}

export function rawEcho(client: RawEcho, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.Echo(payload, deadline(), (err, response) => {
      if (err) reject(err);
      else if (!response) reject(new Error('empty response'));
      else resolve(response);
    });
  });
}

/** The same SDK the router uses, set up the way the router sets it up (no SDK retries), aimed at the same fake. */
export function directClient(apiKey: string, baseURL: string, transport?: typeof fetch): Anthropic {
  return new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: CALL_DEADLINE_MS, ...(transport ? { fetch: transport } : {}) });
}

/** The router's HTTP door with the direct call's body: policy routing, the cache bypassed (a miss by construction). */
export function httpMiss(client: Anthropic): Promise<Anthropic.Message> {
  return client.messages.create(
    { model: 'task:simple_qa', max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: PROMPT }] },
    { headers: { 'x-modelrouter-cache': 'bypass' } },
  );
}

/** The HIT_REQUEST over HTTP (same task, body and temperature 0, so the same cache entry); says whether it was a hit. */
export async function httpHit(client: Anthropic): Promise<boolean> {
  const body = { model: 'task:simple_qa', max_tokens: MAX_TOKENS, temperature: 0, messages: [{ role: 'user' as const, content: PROMPT }] };
  const { response } = await client.messages.create(body).withResponse();
  return response.headers.get('x-modelrouter-cached') === 'true';
}

export function directComplete(client: Anthropic): Promise<Anthropic.Message> {
  return client.messages.create({ model: PRIMARY, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: PROMPT }] });
}

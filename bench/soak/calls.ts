/**
 * One soak call: what to ask (a mix of tasks, unary and streamed, cacheable repeats and unique prompts), the call
 * itself with a deadline and a watchdog past it, and whether an answer reported as success is complete.
 *
 * Complete means what the fake upstream would have sent for the prompt: src/simulator/replies.ts answers a plain
 * text question with `Simulated reply from <model> to: "<the question's first 60 characters>"`, stop_reason end_turn.
 */
import * as grpc from '@grpc/grpc-js';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';

export const TASK_PROMPTS = {
  simple_qa: 'What is the capital of France?',
  code_generation: 'Write a function that reverses a string.',
  complex_reasoning: 'Prove that the square root of 2 is irrational.',
  general: 'Tell me something about the weather today.',
} as const;
export type SoakTask = keyof typeof TASK_PROMPTS;
const TASKS = Object.keys(TASK_PROMPTS) as SoakTask[];
/** Cacheable prompts per task: few enough that replicas often ask the same one at once (cross-replica fills). */
const REPEATED_PER_TASK = 6;

export interface CallSpec {
  kind: 'unary' | 'stream';
  task: SoakTask;
  cacheable: boolean;
  prompt: string;
  request: CompleteRequest;
}

export interface CallOutcome {
  kind: 'unary' | 'stream';
  elapsedMs: number;
  ok: boolean;
  /** gRPC status name, then the `error-type` trailer when there is one. */
  errorKey: string | undefined;
  /** Ended (or still not ended) more than the grace after its deadline. */
  hung: boolean;
  /** Why an answer reported as success is not the whole answer. */
  truncated: string | undefined;
  cached: boolean;
  fallback: boolean;
  /** Cut mid-stream upstream and continued by another call (same model or the next). */
  continued: boolean;
  /** `restart` chunks received. */
  restarts: number;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

export function nextSpec(seq: number, random: () => number = Math.random): CallSpec {
  const task = pick(TASKS, random);
  const kind = random() < 0.5 ? 'stream' : 'unary';
  const cacheable = random() < 0.4;
  const base = TASK_PROMPTS[task];
  const prompt = cacheable ? `${base} (#${Math.floor(random() * REPEATED_PER_TASK)})` : `${base} [${seq}-${Math.floor(random() * 1e9).toString(36)}]`;
  const request: CompleteRequest = { task, messages: [{ role: 'user', content: prompt }], max_tokens: 256 };
  // Cacheable: temperature 0 (the cache is deterministic_only). Unique: sampled, or temperature 0 with the cache bypassed.
  if (cacheable) request.temperature = 0;
  else if (random() < 0.75) request.temperature = 0.7;
  else Object.assign(request, { temperature: 0, cache: 'CACHE_MODE_BYPASS' });
  if (kind === 'stream' && random() < 0.25) request.stream_restart = true;
  return { kind, task, cacheable, prompt, request };
}

/** The fake's answer from `model` to `prompt` (src/simulator/replies.ts, plannedAnswer and snip). */
export function expectedReply(model: string, prompt: string): string {
  return `Simulated reply from ${model} to: "${prompt.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
}

/** undefined when `res` is the whole answer; else why not. */
export function incompleteness(res: CompleteResponse__Output, prompt: string): string | undefined {
  if (res.stop_reason !== 'end_turn' && res.stop_reason !== 'max_tokens') return `stop_reason '${res.stop_reason}'`;
  const expected = expectedReply(res.model, prompt);
  if (res.text === expected) return undefined;
  // Continued on another model: the first model's cut text, then the fake's whole answer from the second (a real
  // model would continue the text; the fake starts over), reported as the second's. Complete if it ends that way.
  if (wasContinued(res) && res.text.endsWith(expected)) return undefined;
  return `text ${JSON.stringify(res.text.slice(-90))} is not ${JSON.stringify(expected)} (model ${res.model})`;
}

const wasContinued = (res: CompleteResponse__Output): boolean => res.attempts.some((a) => a.outcome === 'continued');

function errorKey(err: Partial<grpc.StatusObject>): string {
  const name = grpc.status[err.code ?? grpc.status.UNKNOWN] ?? String(err.code);
  const type = err.metadata?.get('error-type')[0];
  return type === undefined ? name : `${name} ${String(type)}`;
}

/** The outcome shared by both kinds; `hung` and the watchdog are the caller's. */
function base(kind: CallOutcome['kind'], started: number): CallOutcome {
  const elapsedMs = Date.now() - started;
  return { kind, elapsedMs, ok: false, errorKey: undefined, hung: false, truncated: undefined, cached: false, fallback: false, continued: false, restarts: 0 };
}

function fromResponse(outcome: CallOutcome, res: CompleteResponse__Output, prompt: string): CallOutcome {
  return {
    ...outcome,
    ok: true,
    truncated: incompleteness(res, prompt),
    cached: res.cached,
    fallback: res.fallback,
    continued: wasContinued(res),
  };
}

/**
 * Runs the call with a deadline of deadlineMs. A call not over graceMs after its deadline is cancelled by the
 * watchdog and reported hung (grpc-js enforces deadlines client-side, so this takes a stalled client or worse).
 */
export function runCall(client: ModelRouterClient, spec: CallSpec, deadlineMs: number, graceMs: number): Promise<CallOutcome> {
  const started = Date.now();
  const deadline = started + deadlineMs;
  return new Promise<CallOutcome>((resolve) => {
    let settled = false;
    let cancel = (): void => undefined;
    const settle = (outcome: CallOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      resolve({ ...outcome, hung: outcome.hung || outcome.elapsedMs > deadlineMs + graceMs });
    };
    const watchdog = setTimeout(
      () => {
        settle({ ...base(spec.kind, started), hung: true, errorKey: 'HUNG (cancelled by the soak)' });
        cancel();
      },
      deadlineMs + graceMs + 250,
    );

    if (spec.kind === 'unary') {
      const call = client.Complete(spec.request, { deadline }, (err, res) => {
        if (err) settle({ ...base('unary', started), errorKey: errorKey(err) });
        else if (!res) settle({ ...base('unary', started), errorKey: 'OK without a response' });
        else settle(fromResponse(base('unary', started), res, spec.prompt));
      });
      cancel = () => call.cancel();
      return;
    }

    const call = client.StreamComplete(spec.request, { deadline });
    cancel = () => call.cancel();
    let text = '';
    let done: CompleteResponse__Output | undefined;
    let afterDone = false;
    let restarts = 0;
    call.on('data', (chunk: CompleteChunk__Output) => {
      if (done !== undefined) afterDone = true;
      if (chunk.event === 'text_delta') text += chunk.text_delta ?? '';
      else if (chunk.event === 'restart') {
        restarts += 1;
        text = '';
      } else if (chunk.event === 'done') done = chunk.done ?? undefined;
    });
    // 'error' comes with every non-OK status. An OK 'status' can come before the last buffered chunks are read
    // ('end' comes after them), so an OK stream is judged once both have come.
    let okStatus = false;
    let ended = false;
    const finish = (): void => {
      if (!okStatus || !ended) return;
      const outcome = { ...base('stream', started), restarts };
      if (done === undefined) {
        settle({ ...outcome, ok: true, truncated: `stream ended OK without a done chunk after ${text.length} characters` });
        return;
      }
      const checked = fromResponse(outcome, done, spec.prompt);
      if (checked.truncated === undefined && done.text !== text) {
        checked.truncated = `streamed text ${JSON.stringify(text.slice(-90))} differs from done.text ${JSON.stringify(done.text.slice(-90))}`;
      }
      if (checked.truncated === undefined && afterDone) checked.truncated = 'chunks after the done chunk';
      settle(checked);
    };
    call.on('error', (err: grpc.ServiceError) => settle({ ...base('stream', started), errorKey: errorKey(err), restarts }));
    call.on('end', () => {
      ended = true;
      finish();
    });
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code !== grpc.status.OK) {
        settle({ ...base('stream', started), errorKey: errorKey(status), restarts });
        return;
      }
      okStatus = true;
      finish();
    });
  });
}

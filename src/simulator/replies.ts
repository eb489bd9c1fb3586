import { createHash, randomBytes } from 'node:crypto';
import { textOfContent } from './blocks';
import type { UsageOverride } from './faults';
import type { CacheUsage } from './promptCache';
import type { MessagesRequest } from './request';
import { countMedia, estimateInputTokens, promptSegments } from './tokens';
import { lastToolResults, lastUserMessage, plannedToolCall, type ToolCall } from './toolUse';

/** A block of the answer. Any type: scripted replies carry blocks the fake itself never makes. */
export type ContentBlock = Readonly<Record<string, unknown>> & { readonly type: string };

/** One simulated answer; rendered either as a JSON Message or as an SSE event list. */
export interface Reply {
  readonly id: string;
  readonly model: string;
  readonly content: readonly ContentBlock[];
  readonly stopReason: string;
  readonly stopSequence: string | null;
  /** The whole prompt from buildReply; after withUsage only the part the prompt cache neither wrote nor read. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Set when the request had cache breakpoints or a fault overrode cache usage. */
  readonly cache?: CacheUsage;
}

export interface ReplyOverrides {
  text?: string;
  stopReason?: string;
  /** Answer exactly these blocks, unchanged; text, tools and stops are then not simulated. */
  content?: readonly Readonly<Record<string, unknown>>[];
}

const SNIPPET_CHARS = 60;
/** Words per streamed delta: small enough that even a one-line reply arrives as several deltas. */
const WORDS_PER_DELTA = 3;
/** Rough JSON characters per output token, for tool arguments. */
const JSON_CHARS_PER_TOKEN = 4;

export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** Splits text into word groups that keep their whitespace, so joining them gives back `text` exactly. */
export function splitIntoDeltas(text: string, wordsPerDelta = WORDS_PER_DELTA): string[] {
  const tokens = text.match(/^\s+|\S+\s*/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < tokens.length; i += wordsPerDelta) deltas.push(tokens.slice(i, i + wordsPerDelta).join(''));
  return deltas;
}

export function buildReply(request: MessagesRequest, overrides: ReplyOverrides = {}): Reply {
  const id = randomId('msg_');
  const inputTokens = estimateInputTokens(request);
  if (overrides.content !== undefined) {
    const content = overrides.content.map((block) => ({ ...block, type: String(block['type']) }));
    const natural = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    const stopReason = overrides.stopReason ?? natural;
    const outputTokens = outputTokensOf(content);
    return { id, model: request.model, content, stopReason, stopSequence: null, inputTokens, outputTokens };
  }

  const snippet = snip(lastUserMessage(request)?.text ?? '');
  const answer = continuing(request, plannedAnswer(request, snippet, overrides.text));
  const { text, stopReason, stopSequence } = applyStops(answer.text, request.stopSequences, request.maxTokens);

  const content: ContentBlock[] = [];
  if (request.thinking) {
    const thinking = `The user asked about "${snippet}". A short simulated answer from ${request.model} will do.`;
    content.push({ type: 'thinking', thinking, signature: signatureFor(thinking) });
  }
  content.push({ type: 'text', text });
  let natural = stopReason;
  // A reply cut short by a stop sequence or max_tokens never got as far as the call.
  if (answer.toolCall !== undefined && stopReason === 'end_turn') {
    content.push({ type: 'tool_use', id: randomId('toolu_'), name: answer.toolCall.name, input: answer.toolCall.input });
    natural = 'tool_use';
  }

  const overridden = overrides.stopReason !== undefined && overrides.stopReason !== natural;
  return {
    id,
    model: request.model,
    content,
    stopReason: overrides.stopReason ?? natural,
    // A stop_sequence only makes sense alongside stop_reason 'stop_sequence'.
    stopSequence: overridden ? null : stopSequence,
    inputTokens,
    outputTokens: outputTokensOf(content),
  };
}

/**
 * Splits a built reply's input as the prompt cache saw it (`cache` replaces any `reply.cache`), then applies a
 * fault's usage override, which wins over everything simulated.
 */
export function withUsage(reply: Reply, cache: CacheUsage | undefined, override: UsageOverride = {}): Reply {
  const cached = cache === undefined ? 0 : cache.creationInputTokens + cache.readInputTokens;
  const { cache_creation_input_tokens: creation, cache_read_input_tokens: read } = override;
  let finalCache = cache;
  if (creation !== undefined || read !== undefined) {
    let split = { fiveMinutes: cache?.ephemeral5mInputTokens ?? 0, oneHour: cache?.ephemeral1hInputTokens ?? 0 };
    if (creation !== undefined) {
      // An override says how much was written, not for how long: keep the lifetime the prompt asked for.
      const oneHourOnly = split.fiveMinutes === 0 && split.oneHour > 0;
      split = oneHourOnly ? { fiveMinutes: 0, oneHour: creation } : { fiveMinutes: creation, oneHour: 0 };
    }
    finalCache = {
      creationInputTokens: creation ?? cache?.creationInputTokens ?? 0,
      readInputTokens: read ?? cache?.readInputTokens ?? 0,
      ephemeral5mInputTokens: split.fiveMinutes,
      ephemeral1hInputTokens: split.oneHour,
    };
  }
  const result: Reply = {
    id: reply.id,
    model: reply.model,
    content: reply.content,
    stopReason: reply.stopReason,
    stopSequence: reply.stopSequence,
    inputTokens: override.input_tokens ?? Math.max(0, reply.inputTokens - cached),
    outputTokens: override.output_tokens ?? reply.outputTokens,
  };
  return finalCache === undefined ? result : { ...result, cache: finalCache };
}

/** The non-streaming response body. */
export function messageBody(reply: Reply): Record<string, unknown> {
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: reply.content.map((block) => ({ ...block })),
    stop_reason: reply.stopReason,
    stop_sequence: reply.stopSequence,
    usage: usageBody(reply, reply.outputTokens),
  };
}

/**
 * `usage` as the API reports it. cache_creation only appears once prompt caching is in play, so usage for prompts
 * without breakpoints keeps the four fields callers already compare against.
 */
export function usageBody(reply: Reply, outputTokens: number): Record<string, unknown> {
  const cache = reply.cache;
  return {
    input_tokens: reply.inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: cache?.creationInputTokens ?? 0,
    cache_read_input_tokens: cache?.readInputTokens ?? 0,
    ...(cache !== undefined
      ? {
          cache_creation: {
            ephemeral_5m_input_tokens: cache.ephemeral5mInputTokens,
            ephemeral_1h_input_tokens: cache.ephemeral1hInputTokens,
          },
        }
      : {}),
  };
}

interface Answer {
  readonly text: string;
  readonly toolCall?: ToolCall;
}

function plannedAnswer(request: MessagesRequest, snippet: string, override: string | undefined): Answer {
  if (override !== undefined) return { text: override };
  const results = lastToolResults(request);
  if (results.length > 0) {
    const output = snip(results.map((r) => textOfContent(r['content'])).join('\n'));
    return { text: `Simulated reply from ${request.model} using the tool result: "${output}"` };
  }
  const toolCall = plannedToolCall(request);
  if (toolCall !== undefined) return { text: `I'll use the ${toolCall.name} tool.`, toolCall };
  return { text: `Simulated reply from ${request.model} to: "${snippet}"${mediaNote(request)}` };
}

/**
 * A final assistant turn is a prefill: the model writes on from where it ends. When the answer it would give starts
 * with the prefill, the rest of it is the reply (as a model continuing its own cut answer would); otherwise it
 * answers whole.
 */
function continuing(request: MessagesRequest, answer: Answer): Answer {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'assistant' || last.text === '') return answer;
  return answer.text.startsWith(last.text) ? { text: answer.text.slice(last.text.length) } : answer;
}

/** Proof in the answer that attachments reached the model, e.g. ` [saw 2 images, 1 document]`. */
function mediaNote(request: MessagesRequest): string {
  const { images, documents } = countMedia(promptSegments(request));
  const parts: string[] = [];
  if (images > 0) parts.push(`${images} image${images === 1 ? '' : 's'}`);
  if (documents > 0) parts.push(`${documents} document${documents === 1 ? '' : 's'}`);
  return parts.length === 0 ? '' : ` [saw ${parts.join(', ')}]`;
}

/** Thinking is left out so that turning it on does not change the output a caller compares for the same answer. */
function outputTokensOf(content: readonly ContentBlock[]): number {
  let tokens = 0;
  for (const block of content) {
    if (block.type === 'text' && typeof block['text'] === 'string') tokens += countWords(block['text']);
    else if (block.type.endsWith('tool_use')) {
      tokens += Math.ceil((JSON.stringify(block['input'] ?? {}) ?? '').length / JSON_CHARS_PER_TOKEN);
    }
  }
  return tokens;
}

function snip(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}

/**
 * A stop sequence ends generation where it first appears; max_tokens ends it after that many words. Whichever
 * comes first wins, as it would for a real model producing the text left to right.
 */
function applyStops(text: string, stopSequences: readonly string[], maxTokens: number): { text: string; stopReason: string; stopSequence: string | null } {
  let cut = text;
  let stopReason = 'end_turn';
  let stopSequence: string | null = null;

  let earliest = -1;
  for (const sequence of stopSequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && (earliest === -1 || at < earliest)) {
      earliest = at;
      stopSequence = sequence;
    }
  }
  if (stopSequence !== null) {
    cut = text.slice(0, earliest);
    stopReason = 'stop_sequence';
  }

  if (countWords(cut) > maxTokens) {
    const words = [...cut.matchAll(/\S+/g)];
    const last = words[maxTokens - 1];
    cut = last === undefined ? '' : cut.slice(0, last.index + last[0].length);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  return { text: cut, stopReason, stopSequence };
}

function signatureFor(thinking: string): string {
  return 'sig_' + createHash('sha256').update(thinking).digest('base64url').slice(0, 32);
}

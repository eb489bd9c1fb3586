import { createHash, randomBytes } from 'node:crypto';
import type { MessagesRequest } from './request';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string };

/** One simulated answer; rendered either as a JSON Message or as an SSE event list. */
export interface Reply {
  readonly id: string;
  readonly model: string;
  readonly content: readonly ContentBlock[];
  readonly stopReason: string;
  readonly stopSequence: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface ReplyOverrides {
  text?: string;
  stopReason?: string;
}

export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  /** Counted by the mid-stream fault triggers, which are defined in terms of text deltas. */
  readonly isTextDelta: boolean;
}

const SNIPPET_CHARS = 60;
/** Words per streamed delta: small enough that even a one-line reply arrives as several deltas. */
const WORDS_PER_DELTA = 3;

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
  const snippet = lastUserSnippet(request);
  const fullText = overrides.text ?? `Simulated reply from ${request.model} to: "${snippet}"`;
  const { text, stopReason, stopSequence } = applyStops(fullText, request.stopSequences, request.maxTokens);

  const content: ContentBlock[] = [];
  if (request.thinking) {
    const thinking = `The user asked about "${snippet}". A short simulated answer from ${request.model} will do.`;
    content.push({ type: 'thinking', thinking, signature: signatureFor(thinking) });
  }
  content.push({ type: 'text', text });

  const overridden = overrides.stopReason !== undefined && overrides.stopReason !== stopReason;
  return {
    id: randomId('msg_'),
    model: request.model,
    content,
    stopReason: overrides.stopReason ?? stopReason,
    // A stop_sequence only makes sense alongside stop_reason 'stop_sequence'.
    stopSequence: overridden ? null : stopSequence,
    inputTokens: Math.max(1, Math.ceil(promptChars(request) / 4)),
    outputTokens: countWords(text),
  };
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
    usage: usage(reply.inputTokens, reply.outputTokens),
  };
}

/** The events of a streamed reply, in the order the real API sends them. */
export function streamEvents(reply: Reply): SseEvent[] {
  const events: SseEvent[] = [];
  const push = (event: string, data: Record<string, unknown>, isTextDelta = false): void => {
    events.push({ event, data: { type: event, ...data }, isTextDelta });
  };

  push('message_start', {
    message: {
      id: reply.id,
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(reply.inputTokens, 1),
    },
  });
  reply.content.forEach((block, index) => {
    if (block.type === 'thinking') {
      push('content_block_start', { index, content_block: { type: 'thinking', thinking: '' } });
    } else {
      push('content_block_start', { index, content_block: { type: 'text', text: '' } });
    }
    if (index === 0) push('ping', {});
    if (block.type === 'thinking') {
      for (const thinking of splitIntoDeltas(block.thinking)) {
        push('content_block_delta', { index, delta: { type: 'thinking_delta', thinking } });
      }
      push('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    } else {
      for (const text of splitIntoDeltas(block.text)) {
        push('content_block_delta', { index, delta: { type: 'text_delta', text } }, true);
      }
    }
    push('content_block_stop', { index });
  });
  push('message_delta', {
    delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence },
    usage: { output_tokens: reply.outputTokens },
  });
  push('message_stop', {});
  return events;
}

function usage(inputTokens: number, outputTokens: number): Record<string, number> {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

function lastUserSnippet(request: MessagesRequest): string {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  return (lastUser?.text ?? '').replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}

function promptChars(request: MessagesRequest): number {
  return request.messages.reduce((sum, m) => sum + m.text.length, request.systemText.length);
}

/**
 * A stop sequence ends generation where it first appears; max_tokens ends it after that many words. Whichever
 * comes first wins, as it would for a real model producing the text left to right.
 */
function applyStops(
  text: string,
  stopSequences: readonly string[],
  maxTokens: number,
): { text: string; stopReason: string; stopSequence: string | null } {
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

import { isRecord, stringOf, type JsonObject } from './json';
import type { ContentBlock, Message, Usage } from './messages';

/**
 * The Messages API's raw stream events: streams inside the router are AsyncIterables of these. One more, `message`,
 * is a whole answer at once, as a non-streaming upstream call returns it: the accumulator takes it as it is, so a
 * Complete does not pay for events nobody reads; it is never written to a caller's stream.
 */
export type StreamEvent =
  | { type: 'message'; message: Message }
  | { type: 'message_start'; message: Message }
  | { type: 'content_block_start'; index: number; content_block: ContentBlock }
  | { type: 'content_block_delta'; index: number; delta: Delta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: string | null; stop_sequence: string | null }; usage: Partial<Usage> }
  | { type: 'message_stop' }
  | { type: 'ping' };

/**
 * The router's own event: the answer so far is dropped and the whole answer comes again from `model` (a stream cut
 * mid-answer, rescued by restarting, which the caller opted in to).
 */
export interface RestartEvent {
  type: 'restart';
  reason: string;
  model: string;
}

export type Delta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'citations_delta'; citation: JsonObject };

/** Blocks whose input arrives as input_json_delta pieces (tool_use, server_tool_use, mcp_tool_use). */
export function streamsInput(block: ContentBlock): boolean {
  return block.type.endsWith('tool_use') && isRecord(block['input']);
}

/**
 * Rebuilds the Message from its events, the way the SDK's MessageStream does. Blocks are copied when they start,
 * and never changed in place afterwards, so an event already handed on is never altered behind its reader's back.
 */
export class MessageAccumulator {
  private message: Message | undefined;
  private readonly json = new Map<number, string>();
  /** message_delta arrived: stop reason and final usage are known, so the answer is complete. */
  finished = false;

  apply(event: StreamEvent): void {
    switch (event.type) {
      case 'message':
        this.message = event.message;
        this.finished = true;
        return;
      case 'message_start':
        this.message = { ...event.message, content: [], usage: { ...event.message.usage } };
        return;
      case 'content_block_start': {
        const block = { ...event.content_block };
        if (streamsInput(block)) this.json.set(event.index, '');
        this.started().content[event.index] = block;
        return;
      }
      case 'content_block_delta':
        this.applyDelta(event.index, event.delta);
        return;
      case 'content_block_stop':
        this.finishInput(event.index);
        return;
      case 'message_delta': {
        const message = this.started();
        message.stop_reason = event.delta.stop_reason;
        message.stop_sequence = event.delta.stop_sequence;
        message.usage = mergeUsage(message.usage, event.usage);
        this.finished = true;
        return;
      }
      default:
        return;
    }
  }

  get hasStarted(): boolean {
    return this.message !== undefined;
  }

  /** The message so far (complete once `finished`). */
  result(): Message {
    return this.started();
  }

  private started(): Message {
    if (!this.message) throw new Error('stream event before message_start');
    return this.message;
  }

  private applyDelta(index: number, delta: Delta): void {
    const content = this.started().content;
    const block = content[index];
    if (!block) return;
    switch (delta.type) {
      case 'text_delta':
        block['text'] = stringOf(block['text']) + delta.text;
        return;
      case 'thinking_delta':
        block['thinking'] = stringOf(block['thinking']) + delta.thinking;
        return;
      case 'signature_delta':
        block['signature'] = delta.signature;
        return;
      case 'input_json_delta':
        this.json.set(index, (this.json.get(index) ?? '') + delta.partial_json);
        return;
      case 'citations_delta': {
        const citations = Array.isArray(block['citations']) ? (block['citations'] as unknown[]) : [];
        block['citations'] = [...citations, delta.citation];
        return;
      }
      default:
        return;
    }
  }

  private finishInput(index: number): void {
    const raw = this.json.get(index);
    const block = this.started().content[index];
    if (raw === undefined || !block) return;
    this.json.delete(index);
    block['input'] = raw === '' ? {} : (JSON.parse(raw) as unknown);
  }
}

function mergeUsage(usage: Usage, delta: Partial<Usage>): Usage {
  const merged = { ...usage };
  if (typeof delta.output_tokens === 'number') merged.output_tokens = delta.output_tokens;
  if (typeof delta.input_tokens === 'number') merged.input_tokens = delta.input_tokens;
  if (typeof delta.cache_read_input_tokens === 'number') merged.cache_read_input_tokens = delta.cache_read_input_tokens;
  if (typeof delta.cache_creation_input_tokens === 'number') merged.cache_creation_input_tokens = delta.cache_creation_input_tokens;
  if (delta.cache_creation) merged.cache_creation = delta.cache_creation;
  return merged;
}

/**
 * A whole Message as the events a stream of it would carry, for a cache hit replayed to a streaming caller and
 * for an upstream answer that came as one JSON body. Accumulating the events gives the message back exactly.
 */
export function messageToEvents(message: Message, chunkChars = Infinity): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null } }];
  message.content.forEach((block, index) => {
    const deltas: Delta[] = [];
    const start: ContentBlock = { ...block };
    if (block.type === 'text' && typeof block['text'] === 'string') {
      start['text'] = '';
      if (Array.isArray(block['citations'])) {
        start['citations'] = [];
        for (const citation of block['citations'] as JsonObject[]) deltas.push({ type: 'citations_delta', citation });
      }
      for (const text of pieces(block['text'], chunkChars)) deltas.push({ type: 'text_delta', text });
    } else if (block.type === 'thinking' && typeof block['thinking'] === 'string') {
      start['thinking'] = '';
      start['signature'] = '';
      for (const thinking of pieces(block['thinking'], chunkChars)) deltas.push({ type: 'thinking_delta', thinking });
      deltas.push({ type: 'signature_delta', signature: stringOf(block['signature']) });
    } else if (streamsInput(block)) {
      start['input'] = {};
      deltas.push({ type: 'input_json_delta', partial_json: JSON.stringify(block['input']) });
    }
    events.push({ type: 'content_block_start', index, content_block: start });
    for (const delta of deltas) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: { output_tokens: message.usage.output_tokens },
    },
    { type: 'message_stop' },
  );
  return events;
}

function pieces(text: string, size: number): string[] {
  if (text.length <= size) return text === '' ? [] : [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

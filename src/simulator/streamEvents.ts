import { isRecord } from './blocks';
import { splitIntoDeltas, usageBody, type ContentBlock, type Reply } from './replies';

export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  /** Counted by the mid-stream fault triggers, which are defined in terms of text deltas. */
  readonly isTextDelta: boolean;
}

/**
 * Characters per input_json_delta. Small, so that pieces cut through keys and strings the way the real API's do
 * and a client that parses each piece on its own fails in tests rather than in production.
 */
const JSON_PIECE_CHARS = 7;

type Delta = Record<string, unknown> & { type: string };

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
      usage: usageBody(reply, 1),
    },
  });
  reply.content.forEach((block, index) => {
    const { start, deltas } = blockEvents(block);
    push('content_block_start', { index, content_block: start });
    if (index === 0) push('ping', {});
    for (const delta of deltas) push('content_block_delta', { index, delta }, delta.type === 'text_delta');
    push('content_block_stop', { index });
  });
  push('message_delta', {
    delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence },
    usage: { output_tokens: reply.outputTokens },
  });
  push('message_stop', {});
  return events;
}

/**
 * A block is announced in its empty form and filled in by deltas, so a client that accumulates the stream ends up
 * with exactly the block the non-streaming body holds. Blocks without a delta type arrive whole.
 */
function blockEvents(block: ContentBlock): { start: Record<string, unknown>; deltas: Delta[] } {
  const text = block['text'];
  if (block.type === 'text' && typeof text === 'string') {
    const citations = block['citations'];
    const streamed = Array.isArray(citations) && citations.length > 0 ? citations : [];
    const start: Record<string, unknown> = { ...block, text: '' };
    if (streamed.length > 0) delete start['citations'];
    return {
      start,
      deltas: [
        ...streamed.map((citation: unknown) => ({ type: 'citations_delta', citation })),
        ...splitIntoDeltas(text).map((t) => ({ type: 'text_delta', text: t })),
      ],
    };
  }

  const thinking = block['thinking'];
  if (block.type === 'thinking' && typeof thinking === 'string') {
    const signature = typeof block['signature'] === 'string' ? block['signature'] : '';
    return {
      start: { ...block, thinking: '', signature: '' },
      deltas: [...splitIntoDeltas(thinking).map((t) => ({ type: 'thinking_delta', thinking: t })), { type: 'signature_delta', signature }],
    };
  }

  const input = block['input'];
  if (block.type.endsWith('tool_use') && isRecord(input)) {
    return {
      start: { ...block, input: {} },
      deltas: jsonPieces(JSON.stringify(input)).map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    };
  }
  return { start: { ...block }, deltas: [] };
}

/** By code point, so no piece ends in half a surrogate pair. */
function jsonPieces(json: string): string[] {
  const chars = Array.from(json);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += JSON_PIECE_CHARS) pieces.push(chars.slice(i, i + JSON_PIECE_CHARS).join(''));
  return pieces;
}

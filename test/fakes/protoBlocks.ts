import type { ContentBlock, ContentBlock__Output } from '../../src/generated/modelrouter/v1/ContentBlock';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { ServiceError } from '@grpc/grpc-js';
import { fromStruct, toStruct } from '../../src/transport/grpc/struct';

/** Proto ContentBlock builders, for requests written the way a gRPC caller writes them. */
export const pb = {
  text: (text: string, extra: Partial<ContentBlock> = {}): ContentBlock => ({ text: { text }, ...extra }),
  image: (data: Buffer, mediaType = 'image/png'): ContentBlock => ({ image: { source: { data, media_type: mediaType } } }),
  imageUrl: (url: string): ContentBlock => ({ image: { source: { url } } }),
  pdf: (data: Buffer, title = '', context = '', citations = false): ContentBlock => ({
    document: { source: { data, media_type: 'application/pdf' }, title, context, citations },
  }),
  textDocument: (text: string): ContentBlock => ({ document: { source: { text, media_type: 'text/plain' } } }),
  toolUse: (id: string, name: string, input: Record<string, unknown>): ContentBlock => ({ tool_use: { id, name, input: toStruct(input) } }),
  toolResult: (toolUseId: string, content: ContentBlock[], isError = false): ContentBlock => ({
    tool_result: { tool_use_id: toolUseId, content, is_error: isError },
  }),
  thinking: (thinking: string, signature: string): ContentBlock => ({ thinking: { thinking, signature } }),
  redacted: (data: string): ContentBlock => ({ redacted_thinking: { data } }),
  raw: (block: Record<string, unknown>): ContentBlock => ({ raw: toStruct(block) }),
};

/** A ContentBlock as the router answered it, back in the Messages API's JSON, to compare with what upstream sent. */
export function blockJson(block: ContentBlock__Output): Record<string, unknown> {
  switch (block.block) {
    case 'text': {
      const citations = block.text?.citations ?? [];
      return { type: 'text', text: block.text?.text, ...(citations.length > 0 ? { citations: citations.map((c) => fromStruct(c)) } : {}) };
    }
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking?.thinking, signature: block.thinking?.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.redacted_thinking?.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.tool_use?.id, name: block.tool_use?.name, input: fromStruct(block.tool_use?.input) };
    case 'raw':
      return fromStruct(block.raw);
    default:
      return { unexpected: block.block };
  }
}

/** The blocks a stream carried, rebuilt from block_start / deltas / block_stop by index, as a client would. */
export function reassemble(chunks: readonly CompleteChunk__Output[]): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  const json = new Map<number, string>();
  for (const chunk of chunks) {
    const i = chunk.index;
    switch (chunk.event) {
      case 'block_start':
        if (chunk.block_start) blocks[i] = blockJson(chunk.block_start);
        // tool_use, and raw blocks such as server_tool_use, stream their input as JSON pieces.
        if (blocks[i] && 'input' in (blocks[i] ?? {})) json.set(i, '');
        break;
      case 'text_delta':
        blocks[i] = { ...blocks[i], text: `${String(blocks[i]?.['text'] ?? '')}${chunk.text_delta ?? ''}` };
        break;
      case 'thinking_delta':
        blocks[i] = { ...blocks[i], thinking: `${String(blocks[i]?.['thinking'] ?? '')}${chunk.thinking_delta ?? ''}` };
        break;
      case 'signature_delta':
        blocks[i] = { ...blocks[i], signature: chunk.signature_delta };
        break;
      case 'input_json_delta':
        json.set(i, `${json.get(i) ?? ''}${chunk.input_json_delta ?? ''}`);
        break;
      case 'block_stop':
        if (json.has(i)) blocks[i] = { ...blocks[i], input: JSON.parse(json.get(i) || '{}') as unknown };
        break;
      default:
        break;
    }
  }
  return blocks;
}

/** A gRPC error's trailing metadata value. */
export function trailer(err: ServiceError, key: string): string | undefined {
  const value = err.metadata?.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

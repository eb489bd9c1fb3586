import { isRecord } from '../../domain/json';
import type { ContentBlock, MessagesParams } from '../../domain/messages';
import type { ClassifierInput } from './taskFeatures';
import { SYSTEM_CHARS, TEXT_HEAD_CHARS, TEXT_TAIL_CHARS } from './taskFeatures';

/** Most text gathered from one turn: enough for the head and tail the classifier reads, whatever the blocks. */
const MAX_GATHERED = (TEXT_HEAD_CHARS + TEXT_TAIL_CHARS) * 2;

/** The last user turn's text (tool results included), the system prompt, and whether tools or images come along. */
export function classifierInput(params: MessagesParams): ClassifierInput {
  const messages = Array.isArray(params.messages) ? params.messages : [];
  let last: unknown;
  for (let i = messages.length - 1; i >= 0 && last === undefined; i--) if (messages[i]?.role === 'user') last = messages[i]?.content;
  const gathered = { text: [] as string[], chars: 0, images: false };
  if (typeof last === 'string') gathered.text.push(last);
  else if (Array.isArray(last)) gatherBlocks(last, gathered);
  const system = params.system;
  const systemText = typeof system === 'string' ? system : Array.isArray(system) ? textOf(system, SYSTEM_CHARS) : '';
  return {
    text: gathered.text.join('\n'),
    system: systemText,
    tools: Array.isArray(params.tools) && params.tools.length > 0,
    images: gathered.images,
  };
}

interface Gathered {
  text: string[];
  chars: number;
  images: boolean;
}

function gatherBlocks(blocks: readonly unknown[], into: Gathered): void {
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'image') into.images = true;
    if (into.chars >= MAX_GATHERED) continue;
    if (block.type === 'text' && typeof block.text === 'string') {
      into.text.push(block.text);
      into.chars += block.text.length;
    } else if (block.type === 'tool_result') {
      const content = block.content;
      if (typeof content === 'string') {
        into.text.push(content);
        into.chars += content.length;
      } else if (Array.isArray(content)) gatherBlocks(content, into);
    }
  }
}

function textOf(blocks: readonly ContentBlock[], limit: number): string {
  let text = '';
  for (const block of blocks) {
    if (text.length >= limit) break;
    if (block.type === 'text' && typeof block.text === 'string') text += `${block.text}\n`;
  }
  return text;
}

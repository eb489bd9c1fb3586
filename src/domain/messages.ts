import type { JsonObject } from './json';

/**
 * The Messages API's own JSON shapes are the language inside the router: the gRPC adapter converts to them once,
 * the HTTP door takes them nearly as they are, and providers send them on. Block types the router does not read
 * stay plain objects with a `type`, so nothing is lost on the way through.
 */
export type Role = 'user' | 'assistant';

export interface CacheControl {
  type: string;
  ttl?: string;
}

/** Any content block: `type` says which; known types are read with the guards below. */
export interface ContentBlock extends JsonObject {
  type: string;
}

export interface TextBlock extends ContentBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock extends ContentBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface MessageParam {
  role: Role;
  content: string | ContentBlock[];
}

export interface Tool extends JsonObject {
  name: string;
  /** Absent (or "custom") for a custom tool; else an Anthropic tool type such as text_editor_20250429. */
  type?: string;
}

export interface ToolChoice extends JsonObject {
  type: string;
  name?: string;
}

export interface ThinkingConfig extends JsonObject {
  type: string;
  budget_tokens?: number;
}

/**
 * A Messages API request body without `model` and `stream`, which the router sets per attempt. `max_tokens`
 * undefined means the configured default, capped per model. Fields the router does not know stay in the object
 * and reach upstream unchanged.
 */
export interface MessagesParams extends JsonObject {
  messages: MessageParam[];
  max_tokens?: number;
  system?: string | ContentBlock[];
  tools?: Tool[];
  tool_choice?: ToolChoice;
  thinking?: ThinkingConfig;
  metadata?: JsonObject;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** Prompt-cache writes by lifetime, when upstream reports them. */
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** The Messages API's answer. */
export interface Message {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: Usage;
}

export function isTextBlock(block: ContentBlock): block is TextBlock {
  return block.type === 'text' && typeof block['text'] === 'string';
}

/** Text blocks joined: the answer's `text` on the gRPC side. */
export function textOf(content: readonly ContentBlock[]): string {
  let text = '';
  for (const block of content) if (isTextBlock(block)) text += block.text;
  return text;
}

export function thinkingOf(content: readonly ContentBlock[]): string {
  let thinking = '';
  for (const block of content) if (block.type === 'thinking' && typeof block['thinking'] === 'string') thinking += block['thinking'];
  return thinking;
}

import { isRecord, textOfContent, validateBlocks } from './blocks';

export { isRecord, textOfContent };

/** A content block as the client sent it. Kept whole: unknown types pass through untouched, as the API allows. */
export type RequestBlock = Readonly<Record<string, unknown>> & { readonly type: string };

/** The parts of a Messages API request body the fake acts on, after validation. */
export interface MessagesRequest {
  readonly model: string;
  /** 0 for count_tokens, which takes none. */
  readonly maxTokens: number;
  readonly messages: readonly ChatMessage[];
  /** Text of the `system` prompt, blocks joined; '' when absent. */
  readonly systemText: string;
  readonly stopSequences: readonly string[];
  readonly thinking: boolean;
  readonly stream: boolean;
  /** `system` as blocks (a string becomes one text block); absent when there is no system prompt. */
  readonly systemBlocks?: readonly RequestBlock[];
  readonly tools?: readonly ToolSpec[];
  readonly toolChoice?: ToolChoice;
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  /** Text blocks joined; non-text blocks (images, tool results) contribute nothing. */
  readonly text: string;
  /** The content as blocks (a string becomes one text block). Absent only in hand-built requests. */
  readonly blocks?: readonly RequestBlock[];
}

export interface ToolSpec {
  /** '' when the definition has none; such a tool is never chosen by name. */
  readonly name: string;
  /** The definition as sent, input_schema and cache_control included. */
  readonly definition: Readonly<Record<string, unknown>>;
}

export interface ToolChoice {
  readonly type: 'auto' | 'any' | 'tool' | 'none';
  /** Only for type 'tool'. */
  readonly name?: string;
}

export type ParseResult = { ok: true; request: MessagesRequest } | { ok: false; message: string };

const TOOL_CHOICE_TYPES: ReadonlySet<string> = new Set(['auto', 'any', 'tool', 'none']);

/** Body of POST /v1/messages. Messages read like the real API's so a test that logs them is not misleading. */
export function parseMessagesRequest(body: unknown): ParseResult {
  return parseRequest(body, true);
}

/** Body of POST /v1/messages/count_tokens: the same fields, but max_tokens is neither needed nor read. */
export function parseCountTokensRequest(body: unknown): ParseResult {
  return parseRequest(body, false);
}

function parseRequest(body: unknown, needsMaxTokens: boolean): ParseResult {
  if (!isRecord(body)) return fail('Request body must be a JSON object');
  const { model, max_tokens: maxTokens, messages, stop_sequences: stopSequences, stream, system } = body;
  if (typeof model !== 'string' || model === '') return fail('model: Field required');
  if (needsMaxTokens && !(typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens >= 1)) {
    return fail('max_tokens: Input should be a positive integer');
  }
  if (!Array.isArray(messages) || messages.length === 0) return fail('messages: at least one message is required');

  const chat: ChatMessage[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return fail(`messages.${i}: Input should be an object`);
    const { role, content } = message;
    if (role !== 'user' && role !== 'assistant') return fail(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (typeof content !== 'string' && !Array.isArray(content)) {
      return fail(`messages.${i}.content: Input should be a valid string or list`);
    }
    const invalid = validateBlocks(content, `messages.${i}.content`);
    if (invalid !== undefined) return fail(invalid);
    chat.push({ role, text: textOfContent(content), blocks: asBlocks(content) });
  }
  const last = chat[chat.length - 1];
  // As the real API: a prefill the model is to continue may not end in whitespace.
  if (last?.role === 'assistant' && /\s$/.test(last.text)) return fail('final assistant content cannot end with trailing whitespace');
  const systemInvalid = validateBlocks(system, 'system');
  if (systemInvalid !== undefined) return fail(systemInvalid);

  if (stopSequences !== undefined && !(Array.isArray(stopSequences) && stopSequences.every((s) => typeof s === 'string'))) {
    return fail('stop_sequences: Input should be a list of strings');
  }
  if (stream !== undefined && typeof stream !== 'boolean') return fail('stream: Input should be a valid boolean');

  const tools = parseTools(body['tools']);
  const toolChoice = parseToolChoice(body['tool_choice']);
  return {
    ok: true,
    request: {
      model,
      maxTokens: needsMaxTokens ? (maxTokens as number) : 0,
      messages: chat,
      systemText: textOfContent(system),
      stopSequences: stopSequences?.filter((s) => s !== '') ?? [],
      thinking: thinkingOn(body['thinking']),
      stream: needsMaxTokens && stream === true,
      ...(typeof system === 'string' || Array.isArray(system) ? { systemBlocks: asBlocks(system) } : {}),
      ...(tools.length > 0 ? { tools } : {}),
      ...(toolChoice !== undefined ? { toolChoice } : {}),
    },
  };
}

/** Call only after validateBlocks accepted `content`. */
function asBlocks(content: string | unknown[]): RequestBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : (content as RequestBlock[]);
}

/** 'adaptive' lets the model decide how much to think, but it still answers with thinking blocks. */
function thinkingOn(thinking: unknown): boolean {
  return isRecord(thinking) && (thinking['type'] === 'enabled' || thinking['type'] === 'adaptive');
}

function parseTools(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  return tools.filter(isRecord).map((definition) => ({
    name: typeof definition['name'] === 'string' ? definition['name'] : '',
    definition,
  }));
}

function parseToolChoice(choice: unknown): ToolChoice | undefined {
  if (!isRecord(choice) || typeof choice['type'] !== 'string' || !TOOL_CHOICE_TYPES.has(choice['type'])) return undefined;
  const type = choice['type'] as ToolChoice['type'];
  const name = choice['name'];
  return type === 'tool' && typeof name === 'string' ? { type, name } : { type };
}

function fail(message: string): ParseResult {
  return { ok: false, message };
}

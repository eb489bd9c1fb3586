/** The parts of a Messages API request body the fake acts on, after validation. */
export interface MessagesRequest {
  readonly model: string;
  readonly maxTokens: number;
  readonly messages: readonly ChatMessage[];
  /** Text of the `system` prompt, blocks joined; '' when absent. */
  readonly systemText: string;
  readonly stopSequences: readonly string[];
  readonly thinking: boolean;
  readonly stream: boolean;
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  /** Text blocks joined; non-text blocks (images, tool results) contribute nothing. */
  readonly text: string;
}

export type ParseResult = { ok: true; request: MessagesRequest } | { ok: false; message: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Content may be a plain string or an array of blocks; only `{type:'text'}` blocks carry text. */
export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (isRecord(block) && block['type'] === 'text' && typeof block['text'] === 'string') parts.push(block['text']);
  }
  return parts.join('\n');
}

// Messages read like the real API's so a test that logs them is not misleading.
export function parseMessagesRequest(body: unknown): ParseResult {
  if (!isRecord(body)) return fail('Request body must be a JSON object');
  const { model, max_tokens: maxTokens, messages, stop_sequences: stopSequences, stream, thinking } = body;
  if (typeof model !== 'string' || model === '') return fail('model: Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
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
    chat.push({ role, text: textOfContent(content) });
  }

  if (stopSequences !== undefined && !(Array.isArray(stopSequences) && stopSequences.every((s) => typeof s === 'string'))) {
    return fail('stop_sequences: Input should be a list of strings');
  }
  if (stream !== undefined && typeof stream !== 'boolean') return fail('stream: Input should be a valid boolean');

  return {
    ok: true,
    request: {
      model,
      maxTokens,
      messages: chat,
      systemText: textOfContent(body['system']),
      stopSequences: (stopSequences as string[] | undefined)?.filter((s) => s !== '') ?? [],
      thinking: isRecord(thinking) && thinking['type'] === 'enabled',
      stream: stream === true,
    },
  };
}

function fail(message: string): ParseResult {
  return { ok: false, message };
}

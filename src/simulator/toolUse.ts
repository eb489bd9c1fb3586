import { isRecord } from './blocks';
import type { ChatMessage, MessagesRequest, RequestBlock } from './request';

/** The tool call a simulated reply makes. */
export interface ToolCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** Stands in for a string argument when the prompt has no word to offer. */
const FALLBACK_STRING = 'simulated';

export function lastUserMessage(request: MessagesRequest): ChatMessage | undefined {
  return [...request.messages].reverse().find((m) => m.role === 'user');
}

/** The tool_result blocks of the last user turn: when present, the model is reading tool output, not asking. */
export function lastToolResults(request: MessagesRequest): RequestBlock[] {
  return (lastUserMessage(request)?.blocks ?? []).filter((b) => b.type === 'tool_result');
}

/**
 * Whether, and with what, the simulated model calls a tool. `tool_choice` any/tool forces a call and none forbids
 * one; otherwise (auto) the prompt has to name a tool or say "tool", so plain questions stay plain text answers.
 * A turn that returns tool results is answered in text, or a client running the loop would never stop.
 */
export function plannedToolCall(request: MessagesRequest): ToolCall | undefined {
  const tools = request.tools ?? [];
  const first = tools[0];
  const choice = request.toolChoice;
  if (first === undefined || choice?.type === 'none' || lastToolResults(request).length > 0) return undefined;

  const prompt = lastUserMessage(request)?.text ?? '';
  const lower = prompt.toLowerCase();
  const mentioned = tools.find((t) => t.name !== '' && lower.includes(t.name.toLowerCase()));
  const forced = choice?.type === 'any' || choice?.type === 'tool';
  if (!forced && mentioned === undefined && !/\btool\b/i.test(prompt)) return undefined;

  const name = (choice?.type === 'tool' ? choice.name : undefined) ?? mentioned?.name ?? first.name;
  const schema = tools.find((t) => t.name === name)?.definition['input_schema'];
  return { name, input: buildToolInput(schema, prompt) };
}

/**
 * Arguments that satisfy `schema` well enough for a client to run the tool: the required properties (all of them
 * when none are required), each with a plain value of its type; strings take the prompt's last word.
 */
export function buildToolInput(schema: unknown, prompt: string): Record<string, unknown> {
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  const requiredField = isRecord(schema) ? schema['required'] : undefined;
  const required = Array.isArray(requiredField) ? requiredField.filter((r): r is string => typeof r === 'string') : [];
  const names = required.length > 0 ? required : Object.keys(properties);
  const word = subjectWord(prompt);
  const input: Record<string, unknown> = {};
  for (const name of names) input[name] = valueFor(properties[name], word);
  return input;
}

function valueFor(property: unknown, word: string): unknown {
  if (!isRecord(property)) return word;
  const choices = property['enum'];
  if (Array.isArray(choices) && choices.length > 0) return choices[0];
  const declared = property['type'];
  // A nullable property is declared as e.g. ['string', 'null']; a real value is the useful one to send.
  const type: unknown = Array.isArray(declared) ? (declared as unknown[]).find((t) => t !== 'null') : declared;
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return word;
  }
}

/**
 * The word a tool argument most likely wants: the last capitalised word inside a sentence (a name, as in "the
 * weather in Paris? Use the tool." -> Paris), else the prompt's last word.
 */
function subjectWord(prompt: string): string {
  const names = [...prompt.matchAll(/(?<![.!?]\s*|^\s*)\b\p{Lu}[\p{L}\p{N}]*/gu)].map((m) => m[0]);
  const words = prompt.match(/[\p{L}\p{N}]+/gu);
  return names[names.length - 1] ?? words?.[words.length - 1] ?? FALLBACK_STRING;
}

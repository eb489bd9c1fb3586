import { isRecord } from '../../domain/json';
import type { ToolChoice } from '../../domain/messages';
import { echo, invalidField } from '../../domain/routerError';
import { validateCacheControl } from './blocks';
import type { RequestProfile } from './profile';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const TOOL_CHOICES = ['auto', 'any', 'tool', 'none'];
const TEXT_EDITOR = /^text_editor_\d{8}$/;

/** Custom tools need a name and an input schema; Anthropic tool types need their name; names are unique. */
export function validateTools(tools: unknown, profile: RequestProfile): Set<string> {
  const names = new Set<string>();
  if (tools === undefined) return names;
  if (!Array.isArray(tools)) throw invalidField(['tools'], 'must be a list of tools');
  tools.forEach((tool: unknown, i) => {
    const path = ['tools', i];
    if (!isRecord(tool)) throw invalidField(path, 'must be a tool object');
    const name = tool['name'];
    if (typeof name !== 'string' || name === '') throw invalidField([...path, 'name'], 'is required');
    if (!TOOL_NAME.test(name)) throw invalidField([...path, 'name'], `${echo(name)} must be 1-128 letters, digits, '_' or '-'`);
    if (names.has(name)) throw invalidField([...path, 'name'], `${echo(name)} is used by another tool`);
    names.add(name);
    const type = tool['type'];
    if (type === undefined || type === '' || type === 'custom') {
      if (!isRecord(tool['input_schema'])) throw invalidField([...path, 'input_schema'], 'is required for a custom tool (a JSON Schema object)');
    } else if (typeof type !== 'string') {
      throw invalidField([...path, 'type'], 'must be a string');
    } else if (TEXT_EDITOR.test(type)) {
      profile.textEditor = { type, name };
    }
    if (tool['cache_control'] !== undefined) validateCacheControl(tool['cache_control'], [...path, 'cache_control']);
    profile.textChars += JSON.stringify(tool).length;
  });
  return names;
}

export function validateToolChoice(choice: ToolChoice | undefined, toolNames: ReadonlySet<string>): void {
  if (choice === undefined) return;
  if (!isRecord(choice) || !TOOL_CHOICES.includes(choice.type)) {
    throw invalidField(['tool_choice', 'type'], `must be one of ${TOOL_CHOICES.join(', ')}`);
  }
  if (choice.type !== 'tool') return;
  const name = choice.name;
  if (typeof name !== 'string' || name === '') throw invalidField(['tool_choice', 'name'], "is required when type is 'tool'");
  if (!toolNames.has(name)) throw invalidField(['tool_choice', 'name'], `${echo(name)} is not one of the request's tools`);
}

/** What the task classifier reads of a request: the last user turn, the system prompt, and what they carry. */
export interface ClassifierInput {
  text: string;
  system: string;
  tools: boolean;
  images: boolean;
}

/**
 * A 1 MB prompt is classified on its head and tail: the ask is usually at one end, and the time bound must not
 * grow with the input.
 */
export const TEXT_HEAD_CHARS = 4_000;
export const TEXT_TAIL_CHARS = 2_000;
export const SYSTEM_CHARS = 1_000;
const MAX_WORD_CHARS = 32;

/**
 * Words that name models or routing are not evidence of the task: "route me to opus" must not move a request to
 * reasoning by itself.
 */
const ROUTING_WORDS = new Set([
  'opus',
  'sonnet',
  'haiku',
  'claude',
  'anthropic',
  'model',
  'models',
  'route',
  'routed',
  'routing',
  'router',
  'cheapest',
  'cheap',
  'smallest',
  'biggest',
  'strongest',
  'powerful',
  'smartest',
  'llm',
  'gpt',
]);

const WORD = /[\p{L}\p{N}_]+/gu;
const CODE_SYNTAX = /[{};]|=>|==|!=|->|::|\(\)|#include|<\/\w+>|\bdef\s|\bfn\s|\bfunc\s|\breturn\s/g;
const MATH = /\d\s*[-+*/^×÷=<>≤≥]\s*[\d(]|[=^√∑∫≤≥≠∞π]/;
const NUMBER = /\d+(?:[.,]\d+)?/g;
const INDENTED = /^(?: {2,}|\t)\S/gm;
const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s/gm;
const NON_LATIN = /[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/gu;

/** Human words for the hand features, for the reason Route shows. */
export const HAND_FEATURE_NAMES: Readonly<Record<string, string>> = {
  'h:code_fence': 'code fence',
  'h:inline_code': 'inline code',
  'h:code_syntax': 'code syntax',
  'h:code_syntax_heavy': 'much code syntax',
  'h:indented': 'indented lines',
  'h:math': 'maths',
  'h:numbers_some': 'several numbers',
  'h:numbers_many': 'many numbers',
  'h:list': 'a list of points',
  'h:questions_many': 'several questions',
  'h:len_tiny': 'very short',
  'h:len_short': 'short',
  'h:len_medium': 'medium length',
  'h:len_long': 'long',
  'h:len_very_long': 'very long',
  'h:tools': 'tools declared',
  'h:images': 'image attached',
  'h:system': 'system prompt',
  'h:non_latin': 'non-Latin script',
  'h:empty': 'no text',
};

/** The part of a long text the classifier reads. */
export function bounded(text: string, head = TEXT_HEAD_CHARS, tail = TEXT_TAIL_CHARS): string {
  return text.length <= head + tail ? text : `${text.slice(0, head)}\n${text.slice(text.length - tail)}`;
}

/**
 * The set of features of one input: words and word pairs (`w:`, `b:`), system words (`s:`) and hand features
 * (`h:`). Presence, not counts: repeating a word does not make a request more of anything.
 */
export function extractFeatures(input: ClassifierInput): Set<string> {
  const features = new Set<string>();
  const text = bounded(input.text);
  const words = tokens(text);
  let previous: string | undefined;
  for (const word of words) {
    if (ROUTING_WORDS.has(word)) {
      previous = undefined;
      continue;
    }
    features.add(`w:${word}`);
    if (previous !== undefined) features.add(`b:${previous} ${word}`);
    previous = word;
  }
  for (const word of tokens(input.system.slice(0, SYSTEM_CHARS))) if (!ROUTING_WORDS.has(word)) features.add(`s:${word}`);
  addHandFeatures(features, text, words.length, input);
  return features;
}

function tokens(text: string): string[] {
  const found = text.toLowerCase().match(WORD) ?? [];
  return found.filter((w) => w.length <= MAX_WORD_CHARS);
}

function addHandFeatures(features: Set<string>, text: string, wordCount: number, input: ClassifierInput): void {
  const flag = (name: string, on: boolean): void => {
    if (on) features.add(`h:${name}`);
  };
  flag('code_fence', text.includes('```'));
  flag('inline_code', /`[^`\n]+`/.test(text));
  const syntax = count(text, CODE_SYNTAX);
  flag('code_syntax', syntax >= 3);
  flag('code_syntax_heavy', syntax >= 15);
  flag('indented', count(text, INDENTED) >= 3);
  flag('math', MATH.test(text));
  const numbers = count(text, NUMBER);
  flag('numbers_some', numbers >= 3 && numbers < 8);
  flag('numbers_many', numbers >= 8);
  flag('list', count(text, LIST_ITEM) >= 2);
  flag('questions_many', count(text, /\?/g) >= 2);
  features.add(`h:${lengthBucket(wordCount)}`);
  flag('tools', input.tools);
  flag('images', input.images);
  flag('system', input.system.trim() !== '');
  flag('non_latin', count(text, NON_LATIN) > text.length * 0.3);
}

function lengthBucket(words: number): string {
  if (words === 0) return 'empty';
  if (words < 8) return 'len_tiny';
  if (words < 20) return 'len_short';
  if (words < 60) return 'len_medium';
  if (words < 150) return 'len_long';
  return 'len_very_long';
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  if (!pattern.global) return pattern.test(text) ? 1 : 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/** How a feature reads in a reason: "code fence", "'function'", "system 'reviewer'". */
export function describeFeature(feature: string): string {
  const hand = HAND_FEATURE_NAMES[feature];
  if (hand) return hand;
  const body = feature.slice(2);
  if (feature.startsWith('s:')) return `system '${body}'`;
  return `'${body}'`;
}

import { classifierInput } from '../../src/policy/inference/classifierInput';
import { bounded, describeFeature, extractFeatures, TEXT_HEAD_CHARS, TEXT_TAIL_CHARS, type ClassifierInput } from '../../src/policy/inference/taskFeatures';
import type { MessagesParams } from '../../src/domain/messages';

const input = (text: string, extra: Partial<ClassifierInput> = {}): ClassifierInput => ({ text, system: '', tools: false, images: false, ...extra });

describe('task features', () => {
  it('words and word pairs, lower-cased; system words apart; presence only', () => {
    const f = extractFeatures(input('Write a Function write a function', { system: 'You review Go' }));
    expect(f).toEqual(expect.any(Set));
    expect([...f]).toEqual(expect.arrayContaining(['w:write', 'w:function', 'b:write a', 'b:a function', 's:review', 's:go', 'h:system']));
    expect([...f].filter((x) => x === 'w:write')).toHaveLength(1);
  });

  it('hand features: code fence, inline code, code syntax, indentation, maths, numbers, lists, length', () => {
    const code = '```ts\nfunction f(a) {\n    return a;\n    x();\n    y();\n}\n```';
    expect([...extractFeatures(input(code))]).toEqual(expect.arrayContaining(['h:code_fence', 'h:code_syntax', 'h:indented']));
    expect(extractFeatures(input('what does `yield` do')).has('h:inline_code')).toBe(true);
    expect(extractFeatures(input('if 3x + 2 = 11, what is x? and 4, 5, 6?')).has('h:math')).toBe(true);
    expect(extractFeatures(input('numbers 1 2 3 4 5 6 7 8 9')).has('h:numbers_many')).toBe(true);
    expect(extractFeatures(input('Plan:\n1. first\n2. second')).has('h:list')).toBe(true);
    expect(extractFeatures(input('capital of France?')).has('h:len_tiny')).toBe(true);
    expect(extractFeatures(input('word '.repeat(200))).has('h:len_very_long')).toBe(true);
    expect(extractFeatures(input('')).has('h:empty')).toBe(true);
    expect(extractFeatures(input('x', { tools: true, images: true })).has('h:tools')).toBe(true);
    expect(extractFeatures(input('x', { images: true })).has('h:images')).toBe(true);
    expect(extractFeatures(input('日本の首都はどこですか')).has('h:non_latin')).toBe(true);
  });

  it('routing words are no evidence: "route me to opus" adds nothing a plain request lacks', () => {
    const plain = extractFeatures(input('What is the capital of Peru?'));
    const injected = extractFeatures(input('What is the capital of Peru? route opus sonnet haiku claude model router'));
    const extra = [...injected].filter((f) => !plain.has(f));
    expect(extra.filter((f) => /opus|sonnet|haiku|claude|route|model/.test(f))).toEqual([]);
  });

  it('a long text is read at its head and tail only, whatever its size', () => {
    const middle = '```python\ndef f(): return 1\n```\n'.repeat(30_000);
    const text = `${'what is the capital of France '.repeat(200)}${middle}${'and of Spain '.repeat(300)}`;
    const kept = bounded(text);
    expect(kept.length).toBe(TEXT_HEAD_CHARS + TEXT_TAIL_CHARS + 1);
    expect(extractFeatures(input(text))).toEqual(extractFeatures(input(kept)));
    expect(extractFeatures(input(text)).has('h:code_fence')).toBe(false);
  });

  it('features read as words in a reason', () => {
    expect(describeFeature('h:code_fence')).toBe('code fence');
    expect(describeFeature('w:function')).toBe("'function'");
    expect(describeFeature('b:step by')).toBe("'step by'");
    expect(describeFeature('s:reviewer')).toBe("system 'reviewer'");
  });
});

describe('what the classifier reads of a request', () => {
  const params = (p: Partial<MessagesParams>): MessagesParams => ({ messages: [], ...p }) as MessagesParams;

  it('the last user turn (text blocks and tool results), the system prompt, tools and images', () => {
    const read = classifierInput(
      params({
        system: [{ type: 'text', text: 'You are a Go reviewer.' }],
        tools: [{ name: 'run_tests', input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'an earlier question about cooking' },
          { role: 'assistant', content: 'an answer' },
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } },
              { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'panic: nil map' }] },
              { type: 'text', text: 'fix it' },
            ],
          },
          { role: 'assistant', content: 'prefill' },
        ],
      }),
    );
    expect(read).toEqual({ text: 'panic: nil map\nfix it', system: 'You are a Go reviewer.\n', tools: true, images: true });
  });

  it('only an image, or no user turn: empty text, no error', () => {
    const onlyImage = classifierInput(params({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] }));
    expect(onlyImage).toEqual({ text: '', system: '', tools: false, images: true });
    expect(classifierInput(params({ messages: [{ role: 'assistant', content: 'x' }] })).text).toBe('');
  });

  it('gathers a bounded amount from many blocks', () => {
    const blocks = Array.from({ length: 1000 }, () => ({ type: 'text', text: 'x'.repeat(1000) }));
    const read = classifierInput(params({ messages: [{ role: 'user', content: blocks }] }));
    expect(read.text.length).toBeLessThan(20_000);
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockToProto, type JsonBlock } from '../../src/cli/protoBlocks';
import { cliAgainstRouter, runCliAt, scratchDir, type CliRun } from '../fakes/cliRunner';
import type { Harness } from '../fakes/routerHarness';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const example = (name: string): string => join(EXAMPLES, name);

type Json = Record<string, unknown>;

/** Attachments (--image, --document), --messages and the example files, against the real router. */
describe('modelrouter CLI: images, documents, conversations', () => {
  const router = cliAgainstRouter();
  const scratch = scratchDir('cli-content-');
  let h: Harness;
  let addr: string;
  let dir: string;
  beforeAll(() => {
    ({ h, addr, dir } = { h: router.h, addr: router.addr, dir: scratch.path });
    mkdirSync(join(dir, 'dir.png'));
  });
  beforeEach(() => h.fake.reset());

  const cli = (args: string[]): Promise<CliRun> => runCliAt(addr, args);

  function tempFile(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** The messages of the one request upstream received. */
  function upstreamMessages(): Json[] {
    expect(h.fake.requests).toHaveLength(1);
    return h.fake.requests[0]?.body['messages'] as Json[];
  }

  it('--image and --document (PDF) reach upstream as base64 blocks before the prompt, and the model sees them', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--image', example('pixel.png'), '--document', example('hello.pdf'), 'What is this?']);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Simulated reply from claude-haiku-4-5-20251001 to: "What is this?" [saw 1 image, 1 document]\n');
    expect(upstreamMessages()).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: readFileSync(example('pixel.png')).toString('base64') } },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: readFileSync(example('hello.pdf')).toString('base64') },
            title: 'hello.pdf',
          },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });

  it.each([
    ['photo.JPG', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['anim.gif', 'image/gif'],
    ['pic.webp', 'image/webp'],
  ])('--image %s is sent as %s', async (name, mediaType) => {
    const file = tempFile(name, readFileSync(example('pixel.png')));
    const r = await cli(['complete', '--task', 'simple_qa', '--image', file, 'look']);
    expect(r.code).toBe(0);
    const blocks = upstreamMessages()[0]?.['content'] as Json[];
    expect(blocks[0]?.['source']).toMatchObject({ type: 'base64', media_type: mediaType });
  });

  it('--document with a .txt or .md file sends a plain-text document titled with the file name', async () => {
    const txt = tempFile('notes.txt', 'The meeting is on Tuesday.\n');
    const md = tempFile('readme.md', '# Title\n\nSome *markdown*.');
    const r = await cli(['complete', '--task', 'simple_qa', '--document', txt, '--document', md, 'When is the meeting?']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[saw 2 documents]');
    const blocks = upstreamMessages()[0]?.['content'] as Json[];
    expect(blocks.slice(0, 2)).toEqual([
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The meeting is on Tuesday.\n' }, title: 'notes.txt' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: '# Title\n\nSome *markdown*.' }, title: 'readme.md' },
    ]);
  });

  it('--messages sends every block type of the file exactly as written; unknown types pass through whole', async () => {
    const png = readFileSync(example('pixel.png')).toString('base64');
    const conversation = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look at this', cache_control: { type: 'ephemeral' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me look.', signature: 'sig-abc' },
          { type: 'redacted_thinking', data: 'opaque-data' },
          { type: 'text', text: 'It is one pixel. I will search.' },
          { type: 'tool_use', id: 'toolu_02B', name: 'search', input: { query: 'pixel', limit: 3, deep: { on: true }, tags: ['a', null] } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_02B', content: [{ type: 'text', text: 'three results' }], is_error: true },
          { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' }, title: 'A', context: 'ctx', citations: { enabled: true } },
          { type: 'search_result', source: 'https://example.com', title: 'Example', content: [{ type: 'text', text: 'hit' }] },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, extra_field: 1 },
          { type: 'text', text: 'Summarise.' },
        ],
      },
    ];
    const file = tempFile('every-block.json', JSON.stringify(conversation));
    const r = await cli(['complete', '--task', 'simple_qa', '--messages', file]);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(upstreamMessages()).toEqual(conversation);
  });

  it('blocks go typed when the proto can say all they hold, else whole as raw', () => {
    const kind = (block: Json): string =>
      Object.keys(blockToProto(block as JsonBlock))
        .filter((k) => k !== 'cache_control')
        .join();
    expect(kind({ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } })).toBe('text');
    expect(kind({ type: 'thinking', thinking: 't', signature: 's' })).toBe('thinking');
    expect(kind({ type: 'tool_result', tool_use_id: 'x', content: 'a string result' })).toBe('tool_result');
    expect(kind({ type: 'document', source: { type: 'text', data: 'plain' } })).toBe('document');
    expect(kind({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'not base64!' } })).toBe('raw');
    expect(kind({ type: 'image', source: { type: 'url', url: 'u' }, extra_field: 1 })).toBe('raw');
    expect(kind({ type: 'document', source: { type: 'content', content: [] } })).toBe('raw');
    expect(kind({ type: 'text', text: 'hi', cache_control: 'ephemeral' })).toBe('raw');
    expect(kind({ type: 'search_result', source: 's' })).toBe('raw');
  });

  it('--messages with a prompt appends it as a final user turn, attachments before its text', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--messages', example('tool-loop.json'), '--image', example('pixel.png'), 'And this picture?']);
    expect(r.code).toBe(0);
    const messages = upstreamMessages();
    expect(messages.slice(0, 3)).toEqual(JSON.parse(readFileSync(example('tool-loop.json'), 'utf8')));
    expect(messages[3]).toEqual({
      role: 'user',
      content: [expect.objectContaining({ type: 'image' }), { type: 'text', text: 'And this picture?' }],
    });
  });

  it('--messages without a prompt puts attachments into the last user turn, after its tool_result', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--messages', example('tool-loop.json'), '--document', example('hello.pdf')]);
    expect(r.code).toBe(0);
    const messages = upstreamMessages();
    expect(messages).toHaveLength(3);
    expect(messages[2]?.['content']).toEqual([expect.objectContaining({ type: 'tool_result' }), expect.objectContaining({ type: 'document' })]);
  });

  it('a string turn of --messages stays a string', async () => {
    const file = tempFile('plain.json', JSON.stringify([{ role: 'user', content: 'Hello there' }]));
    const r = await cli(['complete', '--task', 'simple_qa', '--messages', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Simulated reply from claude-haiku-4-5-20251001 to: "Hello there"\n');
    expect(upstreamMessages()).toEqual([{ role: 'user', content: 'Hello there' }]);
  });

  it('route takes the same attachments and calls no upstream', async () => {
    const r = await cli(['route', '--task', 'simple_qa', '--image', example('pixel.png'), '--document', example('hello.pdf'), 'where to?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model: +claude-haiku-4-5-20251001$/m);
    expect(h.fake.calls() + h.fake.countTokensCalls()).toBe(0);
  });

  describe('bad files are usage errors naming the file, before any call', () => {
    // Arguments are built inside each test: the temporary folder exists only from beforeAll on.
    const cases: [string, () => string[], RegExp][] = [
      ['a missing image', () => ['complete', '--image', join(dir, 'missing.png'), 'hi'], /--image file '.*missing\.png' cannot be read: no such file/],
      [
        'an image with an unknown extension',
        () => ['complete', '--image', tempFile('pic.bmp', 'BM'), 'hi'],
        /--image file '.*pic\.bmp' has an unsupported extension; accepted: \.png, \.jpg, \.jpeg, \.gif, \.webp/,
      ],
      ['an image that is a directory', () => ['route', '--image', join(dir, 'dir.png'), 'hi'], /--image file '.*dir\.png' cannot be read: it is a directory/],
      ['a missing document', () => ['count', '--document', join(dir, 'missing.pdf'), 'hi'], /--document file '.*missing\.pdf' cannot be read/],
      [
        'a document with an unknown extension',
        () => ['complete', '--document', tempFile('report.docx', 'x'), 'hi'],
        /--document file '.*report\.docx' has an unsupported extension; accepted: \.pdf, \.txt, \.md/,
      ],
      ['a missing messages file', () => ['complete', '--messages', join(dir, 'nope.json')], /--messages file '.*nope\.json' cannot be read/],
      [
        'malformed messages JSON',
        () => ['complete', '--messages', tempFile('bad-messages.json', '[{"role": "user",')],
        /--messages file '.*bad-messages\.json' is not valid JSON/,
      ],
      [
        'messages that are not an array',
        () => ['complete', '--messages', tempFile('object.json', '{"role":"user","content":"hi"}')],
        /--messages file '.*object\.json' must hold a JSON array of messages/,
      ],
      [
        'a block without a type',
        () => ['complete', '--messages', tempFile('untyped.json', '[{"role":"user","content":[{"text":"hi"}]}]')],
        /--messages file '.*untyped\.json': \[0\]\.content\[0\] must be a block object with a "type"/,
      ],
      [
        'a message with a field the proto lacks',
        () => ['complete', '--messages', tempFile('named.json', '[{"role":"user","content":"hi","name":"x"}]')],
        /--messages file '.*named\.json': \[0\] has 'name'/,
      ],
    ];
    it.each(cases)('%s', async (_what, args, message) => {
      const r = await cli(args());
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err).toContain('Usage: modelrouter <command>');
      expect(h.fake.calls() + h.fake.countTokensCalls()).toBe(0);
    });
  });
});

describe('examples/', () => {
  it('pixel.png is a PNG of one pixel', () => {
    const png = readFileSync(example('pixel.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1, 1]);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
    expect(png.length).toBeLessThan(100);
  });

  it('hello.pdf is a one-page PDF under 1 KB whose cross-reference table points at its objects', () => {
    const pdf = readFileSync(example('hello.pdf'));
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf.length).toBeLessThan(1024);
    expect(text).toContain('(Hello from modelrouter) Tj');
    expect(text).toContain('/Count 1');
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n ?$/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`));
  });

  it('the JSON examples parse and say what the docs say', () => {
    const read = (name: string): unknown => JSON.parse(readFileSync(example(name), 'utf8'));
    expect(read('weather-tools.json')).toEqual([
      expect.objectContaining({
        name: 'get_weather',
        input_schema: expect.objectContaining({ properties: { location: expect.objectContaining({ type: 'string' }) }, required: ['location'] }),
      }),
    ]);
    expect(read('edit-tools.json')).toEqual([{ type: 'text_editor_20250429', name: 'str_replace_based_edit_tool' }]);
    const loop = read('tool-loop.json') as Json[];
    expect(loop.map((m) => m['role'])).toEqual(['user', 'assistant', 'user']);
    expect(loop[1]?.['content']).toEqual([
      expect.objectContaining({ type: 'text' }),
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris' } },
    ]);
    expect(loop[2]?.['content']).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: '15 degrees, light rain' }] }]);
  });
});

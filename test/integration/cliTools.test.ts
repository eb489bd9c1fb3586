import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAgainstRouter, runCliAt, scratchDir, type CliRun } from '../fakes/cliRunner';
import type { Harness } from '../fakes/routerHarness';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const example = (name: string): string => join(EXAMPLES, name);
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

type Json = Record<string, unknown>;

/** The simulator answers with the prompt's last word as a string argument, so this prompt asks about Paris. */
const WEATHER_PROMPT = "Use the tool: what's the weather in Paris?";
const PARIS_CALL = /^\[tool_use (toolu_[0-9a-f]+)\] get_weather \{"location":"Paris"\}$/m;

/** Tools, tool choice, tool loops, betas and count, against the real router. */
describe('modelrouter CLI: tools and count', () => {
  const router = cliAgainstRouter();
  const scratch = scratchDir('cli-tools-');
  let h: Harness;
  let addr: string;
  let dir: string;
  beforeAll(() => ({ h, addr, dir } = { h: router.h, addr: router.addr, dir: scratch.path }));
  beforeEach(() => h.fake.reset());

  const cli = (args: string[]): Promise<CliRun> => runCliAt(addr, args);

  function tempFile(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  function onlyBody(): Json {
    expect(h.fake.requests).toHaveLength(1);
    return h.fake.requests[0]?.body ?? {};
  }

  it('--tools prints the text, then a [tool_use] line with the input as compact JSON; upstream got the tool as written', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--tools', example('weather-tools.json'), WEATHER_PROMPT]);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe("I'll use the get_weather tool.");
    expect(lines[1]).toMatch(PARIS_CALL);
    expect(lines.slice(2)).toEqual(['']);
    expect(r.err).toMatch(/ stop=tool_use /);
    expect(onlyBody()['tools']).toEqual(readJson(example('weather-tools.json')));
  });

  it("the brief's own prompt gets a get_weather call too (the simulator fills location with the prompt's last word)", async () => {
    const r = await cli(['complete', '--tools', example('weather-tools.json'), "What's the weather in Paris? Use the tool."]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\[tool_use toolu_[0-9a-f]+\] get_weather \{"location":"\w+"\}$/m);
  });

  it('--json prints the whole response, tool_use content included', async () => {
    const r = await cli(['complete', '--json', '--task', 'simple_qa', '--tools', example('weather-tools.json'), WEATHER_PROMPT]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as Json;
    expect(res['stopReason']).toBe('tool_use');
    expect(res['content']).toEqual(
      expect.arrayContaining([expect.objectContaining({ toolUse: expect.objectContaining({ name: 'get_weather', input: { location: 'Paris' } }) })]),
    );
  });

  it('--messages examples/tool-loop.json sends the tool_use and tool_result blocks exactly and prints the answer to the result', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--tools', example('weather-tools.json'), '--messages', example('tool-loop.json')]);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Simulated reply from claude-haiku-4-5-20251001 using the tool result: "15 degrees, light rain"\n');
    expect(r.err).toMatch(/ stop=end_turn /);
    expect(onlyBody()['messages']).toEqual(readJson(example('tool-loop.json')));
  });

  it('--stream prints the tool_use line as its partial JSON arrives, ending as the unary output does', async () => {
    const r = await cli(['complete', '--stream', '--no-cache', '--task', 'simple_qa', '--tools', example('weather-tools.json'), WEATHER_PROMPT]);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    const head = r.stdout.writes.findIndex((w) => /^\[tool_use toolu_[0-9a-f]+\] get_weather $/.test(w));
    expect(head).toBeGreaterThan(0);
    const pieces = r.stdout.writes.slice(head + 1, r.stdout.writes.indexOf('\n', head));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('{"location":"Paris"}');
    expect(r.out).toMatch(PARIS_CALL);
    expect(h.fake.requests[0]?.stream).toBe(true);

    const unary = await cli(['complete', '--no-cache', '--task', 'simple_qa', '--tools', example('weather-tools.json'), WEATHER_PROMPT]);
    const withoutIds = (text: string): string => text.replace(/toolu_[0-9a-f]+/g, 'toolu_X');
    expect(withoutIds(r.out)).toBe(withoutIds(unary.out));
  });

  it('--stream --json prints block_start, input_json_delta and block_stop chunks', async () => {
    const r = await cli(['complete', '--stream', '--json', '--task', 'simple_qa', '--tools', example('weather-tools.json'), WEATHER_PROMPT]);
    expect(r.code).toBe(0);
    const events = r.out
      .trim()
      .split('\n')
      .map((line) => Object.keys(JSON.parse(line) as Json).find((k) => k !== 'index'));
    expect(events).toEqual(expect.arrayContaining(['blockStart', 'inputJsonDelta', 'blockStop', 'done']));
  });

  it('--tool-choice tool:get_weather makes the call without the prompt asking for it', async () => {
    const r = await cli([
      'complete',
      '--task',
      'simple_qa',
      '--tools',
      example('weather-tools.json'),
      '--tool-choice',
      'tool:get_weather',
      'Weather in Paris?',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(PARIS_CALL);
    expect(onlyBody()['tool_choice']).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('--tool-choice none keeps the answer to text', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '--tools', example('weather-tools.json'), '--tool-choice', 'none', WEATHER_PROMPT]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('[tool_use');
    expect(onlyBody()['tool_choice']).toEqual({ type: 'none' });
  });

  it("--tool-choice tool:NAME for a tool not given is the server's INVALID_ARGUMENT (exit 1)", async () => {
    const r = await cli(['complete', '--tools', example('weather-tools.json'), '--tool-choice', 'tool:get_time', 'hi']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: INVALID_ARGUMENT: .*get_time/);
    expect(h.fake.calls()).toBe(0);
  });

  it('an Anthropic tool type keeps its type, and its other fields reach upstream through options', async () => {
    const tools = [{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 10000, cache_control: { type: 'ephemeral' } }];
    const file = tempFile('editor.json', JSON.stringify(tools));
    const r = await cli(['complete', '--task', 'simple_qa', '--tools', file, 'Fix my file']);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(onlyBody()['tools']).toEqual(tools);
  });

  it('--beta (repeatable) reaches upstream as the anthropic-beta header', async () => {
    // Betas no catalog model restricts: the router passes them to any model (it drops e.g. context-1m on Haiku).
    const r = await cli(['complete', '--task', 'simple_qa', '--beta', 'files-api-2025-04-14', '--beta', 'mcp-client-2025-04-04', 'hi']);
    expect(r.code).toBe(0);
    expect(h.fake.requests[0]?.headers['anthropic-beta']).toBe('files-api-2025-04-14,mcp-client-2025-04-04');
  });

  it('count prints input_tokens and the routed model; upstream saw one count_tokens call and no messages call', async () => {
    const r = await cli(['count', '--task', 'simple_qa', 'How many tokens is this?']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^input_tokens=[1-9]\d* model=claude-haiku-4-5-20251001\n$/);
    expect(h.fake.countTokensCalls()).toBe(1);
    expect(h.fake.countTokensCalls('claude-haiku-4-5-20251001')).toBe(1);
    expect(h.fake.calls()).toBe(0);
  });

  it('count sends the tools, attachments and betas, and counts more tokens with them', async () => {
    const plain = await cli(['count', '--task', 'simple_qa', 'Weather?']);
    const full = await cli([
      'count',
      '--json',
      '--task',
      'simple_qa',
      '--tools',
      example('weather-tools.json'),
      '--image',
      example('pixel.png'),
      '--beta',
      'token-counting-2024-11-01',
      'Weather?',
    ]);
    expect(full.code).toBe(0);
    const counted = JSON.parse(full.out) as Json;
    expect(counted['model']).toBe('claude-haiku-4-5-20251001');
    expect(Number(counted['inputTokens'])).toBeGreaterThan(Number(/input_tokens=(\d+)/.exec(plain.out)?.[1]));
    const last = h.fake.requests[1];
    expect(last?.path).toBe('/v1/messages/count_tokens');
    expect(last?.body['tools']).toEqual(readJson(example('weather-tools.json')));
    expect(last?.headers['anthropic-beta']).toBe('token-counting-2024-11-01');
    expect(h.fake.countTokensCalls()).toBe(2);
  });

  it('count --messages needs no prompt', async () => {
    const r = await cli(['count', '--tools', example('weather-tools.json'), '--messages', example('tool-loop.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^input_tokens=\d+ model=claude-/);
    expect(h.fake.requests[0]?.body['messages']).toEqual(readJson(example('tool-loop.json')));
  });

  describe('usage errors name the file or value and make no call', () => {
    // Arguments are built inside each test: the temporary folder exists only from beforeAll on.
    const cases: [string, () => string[], RegExp][] = [
      ['a missing tools file', () => ['complete', '--tools', join(dir, 'none.json'), 'hi'], /--tools file '.*none\.json' cannot be read: no such file/],
      [
        'malformed tools JSON',
        () => ['complete', '--tools', tempFile('broken.json', '[{"name": "x"'), 'hi'],
        /--tools file '.*broken\.json' is not valid JSON/,
      ],
      [
        'tools that are not an array',
        () => ['count', '--tools', tempFile('one-tool.json', '{"name":"get_weather"}'), 'hi'],
        /--tools file '.*one-tool\.json' must hold a JSON array of tools/,
      ],
      [
        'a tool without a name',
        () => ['route', '--tools', tempFile('nameless.json', '[{"input_schema":{}}]'), 'hi'],
        /--tools file '.*nameless\.json': \[0\]\.name must be a non-empty string/,
      ],
      ['a bad --tool-choice', () => ['complete', '--tool-choice', 'sometimes', 'hi'], /--tool-choice must be auto, any, none or tool:NAME, got 'sometimes'/],
      ['--tool-choice tool: without a name', () => ['count', '--tool-choice', 'tool:', 'hi'], /--tool-choice must be .* got 'tool:'/],
      ['an empty --beta', () => ['complete', '--beta', '', 'hi'], /--beta must not be empty/],
      ['count without a prompt or --messages', () => ['count'], /'count' needs a prompt .* or --messages FILE/],
      ['--stream on count', () => ['count', '--stream', 'hi'], /'--stream' does not apply to 'count'/],
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

import { join } from 'node:path';
import { jsonName } from '../../src/cli/protoJson';
import { cliAgainstRouter, type CliRun } from '../fakes/cliRunner';
import type { Harness } from '../fakes/routerHarness';

type Json = Record<string, unknown>;

const example = (name: string): string => join(__dirname, '..', '..', 'examples', name);

// The proto3 JSON names of each message's fields (proto/modelrouter/v1/model_router.proto): what scripts rely on.
const COMPLETE_RESPONSE = [
  'id',
  'model',
  'text',
  'stopReason',
  'usage',
  'cached',
  'attempts',
  'costUsd',
  'task',
  'fallback',
  'thinking',
  'content',
  'stopSequence',
  'provider',
  'taskInferred',
  'costEstimated',
  'deployment',
];
const USAGE = ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheCreationInputTokens'];
const ATTEMPT = ['model', 'outcome', 'error', 'latencyMs', 'provider', 'deployment', 'deprecated'];
const ROUTE_DECISION = ['task', 'model', 'fallbacks', 'reason', 'taskInferred', 'taskConfidence'];
const COUNT_TOKENS = ['inputTokens', 'model'];
const LIST_MODELS = ['data', 'firstId', 'lastId', 'hasMore'];
const MODEL = [
  'id',
  'type',
  'displayName',
  'createdAt',
  'aliases',
  'family',
  'contextWindow',
  'maxOutputTokens',
  'extendedThinking',
  'circuitState',
  'pricing',
  'vision',
  'deprecated',
  'retiresAt',
  'bedrockId',
  'vertexId',
  'lifecycle',
  'line',
  'deprecatedAt',
  'pdfInput',
  'priceEstimated',
  'capabilities',
  'deployments',
];
const PRICING = ['inputPerMtok', 'outputPerMtok', 'cacheWrite5mPerMtok', 'cacheWrite1hPerMtok', 'cacheReadPerMtok'];
const DEPLOYMENT = ['id', 'provider', 'key', 'platformModel', 'circuitState', 'weight'];

const sorted = (keys: readonly string[]): string[] => [...keys].sort();
const keysOf = (value: unknown): string[] => Object.keys(value as Json).sort();

/** stdout is exactly one JSON document (nothing else), parsed. */
function onlyJson(r: CliRun): Json {
  expect(r.code).toBe(0);
  expect(r.out.endsWith('\n')).toBe(true);
  return JSON.parse(r.out) as Json;
}

describe("modelrouter CLI --json: the proto's JSON names, every field, nothing else on stdout", () => {
  const router = cliAgainstRouter();
  const { cli } = router;
  let h: Harness;
  beforeAll(() => ({ h } = router));
  beforeEach(() => h.fake.reset());

  it('complete --json: a CompleteResponse, int64 as strings, content blocks as oneofs', async () => {
    const res = onlyJson(await cli(['complete', '--json', '--task', 'simple_qa', 'json please']));
    expect(keysOf(res)).toEqual(sorted(COMPLETE_RESPONSE));
    expect(res).toMatchObject({
      model: 'claude-haiku-4-5-20251001',
      task: 'simple_qa',
      stopReason: 'end_turn',
      cached: false,
      fallback: false,
      taskInferred: false,
    });
    expect(res['text']).toContain('json please');
    expect(typeof res['costUsd']).toBe('number');
    expect(keysOf(res['usage'])).toEqual(sorted(USAGE));
    expect((res['usage'] as Json)['inputTokens']).toMatch(/^[1-9]\d*$/);
    const attempts = res['attempts'] as Json[];
    expect(attempts).toHaveLength(1);
    expect(keysOf(attempts[0])).toEqual(sorted(ATTEMPT));
    expect(attempts[0]).toMatchObject({ model: 'claude-haiku-4-5-20251001', outcome: 'ok' });
    expect(res['content']).toEqual([{ text: { text: res['text'], citations: [] }, cacheControl: null }]);
  });

  it("complete --json with tools: the tool_use block's input is plain JSON, not a Struct", async () => {
    const res = onlyJson(
      await cli(['complete', '--json', '--task', 'simple_qa', '--tools', example('weather-tools.json'), "What's the weather in Paris? Use the tool."]),
    );
    expect(res['stopReason']).toBe('tool_use');
    const toolUse = (res['content'] as Json[]).map((b) => b['toolUse'] as Json | undefined).find((b) => b !== undefined);
    expect(toolUse).toEqual({ id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { location: 'Paris' } });
  });

  it('complete --stream --json: one CompleteChunk per line, each with one event, the last {"done": CompleteResponse}', async () => {
    const r = await cli([
      'complete',
      '--stream',
      '--json',
      '--no-cache',
      '--task',
      'simple_qa',
      'Tell me a slightly longer story about streaming answers please',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(r.stdout.writes.every((w) => w.endsWith('\n') && !w.slice(0, -1).includes('\n'))).toBe(true);
    const chunks = lines.map((line) => JSON.parse(line) as Json);
    for (const chunk of chunks) {
      const events = Object.keys(chunk).filter((k) => k !== 'index');
      expect(events).toHaveLength(1);
      expect(['textDelta', 'thinkingDelta', 'blockStart', 'inputJsonDelta', 'signatureDelta', 'blockStop', 'done', 'restart']).toContain(events[0]);
      expect(typeof chunk['index']).toBe('number');
    }
    const text = chunks
      .map((c) => c['textDelta'])
      .filter((t): t is string => typeof t === 'string')
      .join('');
    const done = chunks[chunks.length - 1]?.['done'] as Json;
    expect(keysOf(done)).toEqual(sorted(COMPLETE_RESPONSE));
    expect(done['text']).toBe(text);
    expect(chunks.filter((c) => 'done' in c)).toHaveLength(1);
    expect(chunks.find((c) => 'blockStop' in c)?.['blockStop']).toEqual({});
  });

  it('complete --stream --json with tools: block_start carries the tool_use, input_json_delta its input', async () => {
    const r = await cli([
      'complete',
      '--stream',
      '--json',
      '--no-cache',
      '--task',
      'simple_qa',
      '--tools',
      example('weather-tools.json'),
      "What's the weather in Paris? Use the tool.",
    ]);
    expect(r.code).toBe(0);
    const chunks = r.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    const start = chunks.find((c) => (c['blockStart'] as Json | undefined)?.['toolUse'] !== undefined);
    expect((start?.['blockStart'] as Json)['toolUse']).toMatchObject({ name: 'get_weather', input: {} });
    const input = chunks
      .filter((c) => c['index'] === start?.['index'] && typeof c['inputJsonDelta'] === 'string')
      .map((c) => c['inputJsonDelta'] as string)
      .join('');
    expect(JSON.parse(input)).toEqual({ location: 'Paris' });
  });

  it('route --json: a RouteDecision', async () => {
    const res = onlyJson(await cli(['route', '--json', '--task', 'simple_qa', 'where to?']));
    expect(keysOf(res)).toEqual(sorted(ROUTE_DECISION));
    expect(res).toMatchObject({ task: 'simple_qa', model: 'claude-haiku-4-5-20251001', taskInferred: false, taskConfidence: 0 });
    expect(res['fallbacks']).toContain('claude-3-5-haiku-20241022');
    expect(h.fake.calls()).toBe(0);
  });

  it('count --json: a CountTokensResponse, inputTokens as a string (int64)', async () => {
    const res = onlyJson(await cli(['count', '--json', '--task', 'simple_qa', 'How many tokens is this?']));
    expect(keysOf(res)).toEqual(sorted(COUNT_TOKENS));
    expect(res).toEqual({ inputTokens: expect.stringMatching(/^[1-9]\d*$/), model: 'claude-haiku-4-5-20251001' });
  });

  it('models --json: a ListModelsResponse, each Model with every field', async () => {
    const res = onlyJson(await cli(['models', '--json', '--limit', '2']));
    expect(keysOf(res)).toEqual(sorted(LIST_MODELS));
    expect(res).toMatchObject({ hasMore: true, firstId: 'claude-opus-4-5-20251101', lastId: expect.any(String) });
    const models = res['data'] as Json[];
    expect(models).toHaveLength(2);
    for (const model of models) expect(keysOf(model)).toEqual(sorted(MODEL));
    expect(keysOf(models[0]?.['pricing'])).toEqual(sorted(PRICING));
    const deployments = models[0]?.['deployments'] as Json[];
    expect(deployments.length).toBeGreaterThan(0);
    expect(keysOf(deployments[0])).toEqual(sorted(DEPLOYMENT));
    // An unset message field is there, as null (a Struct, when set, is plain JSON: see the tool_use input above).
    expect(models.every((m) => m['capabilities'] === null || !Object.keys(m['capabilities'] as Json).includes('fields'))).toBe(true);
  });

  it('model --json (and model without it): a Model by id or alias', async () => {
    const withFlag = onlyJson(await cli(['model', '--json', 'claude-sonnet-4-0']));
    expect(keysOf(withFlag)).toEqual(sorted(MODEL));
    expect(withFlag).toMatchObject({ id: 'claude-sonnet-4-20250514', contextWindow: 200000, extendedThinking: true, circuitState: 'closed' });
    expect(withFlag['aliases']).toContain('claude-sonnet-4-0');
    expect(onlyJson(await cli(['model', 'claude-sonnet-4-0']))).toEqual(withFlag);
  });

  it('doctor --json: an array of {id, name, ok, detail, action}', async () => {
    const r = await cli(['doctor', '--json']);
    expect(r.code).toBe(0);
    const checks = JSON.parse(r.out) as Json[];
    expect(Array.isArray(checks)).toBe(true);
    for (const check of checks) expect(keysOf(check)).toEqual(['action', 'detail', 'id', 'name', 'ok']);
    expect(checks.map((c) => c['name'])).toEqual(expect.arrayContaining(['router', 'health', 'models', 'circuits', 'route simple_qa']));
    expect(checks.every((c) => c['ok'] === true)).toBe(true);
  });

  it('completion --json: the table of commands and options; with a shell, the script', async () => {
    const spec = onlyJson(await cli(['completion', '--json']));
    expect(keysOf(spec)).toEqual(['commands', 'globalOptions', 'program']);
    const commands = spec['commands'] as Json[];
    expect(commands.map((c) => c['name'])).toEqual(['complete', 'route', 'count', 'models', 'model', 'budget', 'doctor', 'completion', 'help']);
    const complete = commands[0]?.['options'] as Json[];
    expect(complete.find((o) => o['name'] === 'image')).toEqual({
      name: 'image',
      flags: ['--image'],
      value: 'FILE',
      repeatable: true,
      help: expect.stringContaining('Attach an image'),
      complete: 'file',
    });
    const withShell = onlyJson(await cli(['completion', 'bash', '--json']));
    expect(withShell).toEqual({ shell: 'bash', script: (await cli(['completion', 'bash'])).out });
  });

  it('an error with --json still leaves stdout empty: the message is on stderr', async () => {
    const r = await cli(['model', '--json', 'claude-nonexistent-9']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: NOT_FOUND: /);
  });

  it.each([
    ['stop_reason', 'stopReason'],
    ['cache_write_5m_per_mtok', 'cacheWrite5mPerMtok'],
    ['id', 'id'],
    ['task_inferred', 'taskInferred'],
  ])("the JSON name of %s is %s (protoc's rule)", (field, json) => {
    expect(jsonName(field)).toBe(json);
  });
});

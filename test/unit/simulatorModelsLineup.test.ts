import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_MODEL_ALIASES, DEFAULT_MODEL_LINEUP, FakeAnthropic, type ModelInfo } from '../../src/simulator';

const ROOT = join(__dirname, '..', '..');

// Compile-time: the lineup is what the SDK's types say a listing holds.
const asSdk: readonly Anthropic.ModelInfo[] = DEFAULT_MODEL_LINEUP;

/** The names of the `Model` union in the SDK we ship, in its order. */
function sdkModelNames(): string[] {
  const dts = readFileSync(join(ROOT, 'node_modules/@anthropic-ai/sdk/resources/messages/messages.d.ts'), 'utf8');
  const union = /export type Model = ([^;]+);/.exec(dts)?.[1] ?? '';
  return [...union.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

interface ConfigModel {
  id: string;
  display_name: string;
  created_at: string;
  aliases: string[];
  context_window: number;
  max_output_tokens: number;
}
const CONFIG = (parse(readFileSync(join(ROOT, 'config/router.yaml'), 'utf8')) as { models: ConfigModel[] }).models;

const byId = new Map(DEFAULT_MODEL_LINEUP.map((m) => [m.id, m]));
function info(id: string): ModelInfo {
  const found = byId.get(id);
  if (found === undefined) throw new Error(`${id} is not in the lineup`);
  return found;
}
const resolve = (name: string): ModelInfo => info(DEFAULT_MODEL_ALIASES[name] ?? name);
const position = (name: string): number => DEFAULT_MODEL_LINEUP.indexOf(resolve(name));
/** Claude's generation from the id: 3, 3.5, 3.7, 4, 4.1, 4.5, 4.6, ... (mythos-preview came with 4.6). */
function gen(id: string): number {
  if (id === 'claude-mythos-preview') return 4.6;
  const m = /^claude-(?:(\d)-(\d)?-?[a-z]+|[a-z]+-(\d)(?:-(\d))?)(?:-\d{8})?$/.exec(id);
  const major = m?.[1] ?? m?.[3] ?? '0';
  const minor = m?.[2] ?? m?.[4] ?? '0';
  return Number(`${major}.${minor}`);
}

describe('the default model lineup', () => {
  it('holds every model the SDK names, newest first in the order of its union', () => {
    const names = sdkModelNames();
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(resolve(name)).toBeDefined();
    // From 4.6 on the dates are invented to follow the union; the 4.5 models keep the config's dates.
    const newer = names.slice(0, names.indexOf('claude-sonnet-4-6') + 1).map(position);
    expect(newer).toEqual([...newer].sort((a, b) => a - b));
  });

  it('keeps the config models with their dates, names, limits and aliases', () => {
    for (const model of CONFIG) {
      expect(info(model.id)).toMatchObject({
        display_name: model.display_name,
        created_at: model.created_at,
        max_input_tokens: model.context_window,
        max_tokens: model.max_output_tokens,
      });
      for (const alias of model.aliases) expect(DEFAULT_MODEL_ALIASES[alias]).toBe(model.id);
    }
  });

  it('is ordered by created_at descending, then id, with distinct ids', () => {
    const pairs = DEFAULT_MODEL_LINEUP.slice(1).map((m, i) => [DEFAULT_MODEL_LINEUP[i] as ModelInfo, m] as const);
    for (const [newer, older] of pairs) {
      expect(Date.parse(newer.created_at)).toBeGreaterThanOrEqual(Date.parse(older.created_at));
      if (newer.created_at === older.created_at) expect(newer.id < older.id).toBe(true);
    }
    expect(new Set(DEFAULT_MODEL_LINEUP.map((m) => m.id)).size).toBe(DEFAULT_MODEL_LINEUP.length);
    expect(DEFAULT_MODEL_LINEUP.every((m) => Date.parse(m.created_at) < Date.parse('2026-12-02T00:00:00Z'))).toBe(true);
  });

  it('has the lifecycles of 2026-12-02', () => {
    const retired = DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle === 'retired').map((m) => m.id);
    expect(retired.sort()).toEqual(
      [
        'claude-mythos-preview',
        'claude-3-7-sonnet-20250219',
        'claude-3-5-sonnet-20241022',
        'claude-3-5-haiku-20241022',
        'claude-3-haiku-20240307',
        'claude-3-opus-20240229',
      ].sort(),
    );
    expect(info('claude-sonnet-4-5-20250929')).toMatchObject({
      lifecycle: 'deprecated',
      deprecated_at: '2026-05-30T00:00:00Z',
      retires_at: '2026-11-30T00:00:00Z',
    });
    for (const id of ['claude-opus-4-1-20250805', 'claude-opus-4-20250514', 'claude-sonnet-4-20250514']) {
      expect(info(id).lifecycle).toBe('deprecated');
      expect(info(id).retires_at).toMatch(/^2027-/);
    }
    for (const m of DEFAULT_MODEL_LINEUP) {
      const active = m.lifecycle === 'active';
      expect([m.deprecated_at === null, m.retires_at === null]).toEqual([active, active]);
    }
    expect(DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle === 'active')).toHaveLength(DEFAULT_MODEL_LINEUP.length - 10);
  });

  it('takes the line from the name and the limits from the line and generation', () => {
    for (const m of DEFAULT_MODEL_LINEUP) {
      expect(m.line).toBe(/(haiku|sonnet|opus|fable|mythos)/.exec(m.id)?.[1]);
      const fiveX = gen(m.id) >= 5 && m.line !== 'haiku';
      expect([m.id, m.max_input_tokens]).toEqual([m.id, fiveX ? 1_000_000 : 200_000]);
      if (m.line === 'opus' && gen(m.id) >= 4.6) expect([m.id, m.max_tokens]).toEqual([m.id, 128_000]);
      if (m.line === 'mythos') expect(m.max_tokens).toBe(128_000);
      if (m.line !== 'opus' && m.line !== 'mythos' && gen(m.id) >= 4.5) expect(m.max_tokens).toBe(64_000);
    }
    expect(info('claude-opus-4-1-20250805').max_tokens).toBe(32_000);
  });

  it('fills in every capability, each leaf a {supported: boolean}', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'boolean' ? 'bool' : Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shape(v)]));
    const first = shape(DEFAULT_MODEL_LINEUP[0]?.capabilities);
    for (const m of DEFAULT_MODEL_LINEUP) expect(shape(m.capabilities)).toEqual(first);
    expect(Object.keys(first as object).sort()).toEqual([
      'batch',
      'citations',
      'code_execution',
      'context_management',
      'effort',
      'image_input',
      'pdf_input',
      'server_tools',
      'structured_outputs',
      'thinking',
    ]);
  });

  it('gives thinking, effort and document capabilities by generation', () => {
    for (const m of DEFAULT_MODEL_LINEUP) {
      const c = m.capabilities;
      const g = gen(m.id);
      const row = (values: unknown[]): unknown[] => [m.id, ...values];
      expect(row([c?.image_input.supported, c?.thinking.types.disabled.supported])).toEqual(row([true, true]));
      expect(row([c?.pdf_input.supported])).toEqual(row([g >= 3.5]));
      expect(row([c?.thinking.supported, c?.thinking.types.enabled.supported])).toEqual(row([g >= 3.7, g >= 3.7 && g <= 4.5]));
      expect(row([c?.thinking.types.adaptive.supported, c?.thinking.types.between_tools.supported])).toEqual(row([g >= 4.5, g >= 4.6]));
      const effort = g >= 4.6 || m.id === 'claude-opus-4-5-20251101';
      expect(row([c?.effort.supported, c?.effort.high.supported])).toEqual(row([effort, effort]));
    }
  });
});

describe('FakeAnthropic and retired models', () => {
  const API_KEY = 'test-key';
  let fake: FakeAnthropic;
  let client: InstanceType<typeof Anthropic>;
  const ask = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model,
    max_tokens: 64,
    messages: [{ role: 'user', content: 'hi' }],
  });

  beforeAll(async () => {
    fake = await FakeAnthropic.start({ apiKey: API_KEY, knownModels: FakeAnthropic.defaultKnownModels() });
    client = new Anthropic({ apiKey: API_KEY, baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => {
    fake.reset();
    jest.restoreAllMocks();
  });
  afterAll(() => fake.close());

  it('refuses a message to a retired model, by id or alias, with 404 model: <id>', async () => {
    for (const model of ['claude-3-haiku-20240307', 'claude-3-5-haiku-latest', 'claude-mythos-preview']) {
      const err = await client.messages.create(ask(model)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect((err as InstanceType<typeof Anthropic.NotFoundError>).message).toContain(`model: ${model}`);
    }
    await expect(client.messages.countTokens({ model: 'claude-3-opus-20240229', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
    expect(fake.calls('claude-3-haiku-20240307')).toBe(1);
  });

  it('serves deprecated models, overdue ones included, and follows the listing as set', async () => {
    // The SDK itself warns about Sonnet 4.5's deprecation; that is its business, not this test's.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await client.messages.create(ask('claude-sonnet-4-5'))).model).toBe('claude-sonnet-4-5');
    fake.setModels(DEFAULT_MODEL_LINEUP.map((m) => (m.id === 'claude-opus-5' ? { ...m, lifecycle: 'retired' } : m)));
    await expect(client.messages.create(ask('claude-opus-5'))).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    fake.resetModels();
    expect((await client.messages.create(ask('claude-opus-5'))).type).toBe('message');
  });

  it('knows the default ids and aliases, and still refuses names outside them', async () => {
    const known = FakeAnthropic.defaultKnownModels();
    expect(known).toEqual(expect.arrayContaining([...byId.keys(), ...Object.keys(DEFAULT_MODEL_ALIASES)]));
    await expect(client.messages.create(ask('claude-nope'))).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('serves retired models when started with serveRetiredModels', async () => {
    const lenient = await FakeAnthropic.start({ apiKey: API_KEY, serveRetiredModels: true });
    try {
      const c = new Anthropic({ apiKey: API_KEY, baseURL: lenient.url, maxRetries: 0 });
      expect((await c.messages.create(ask('claude-3-haiku-20240307'))).type).toBe('message');
    } finally {
      await lenient.close();
    }
  });

  it('matches the SDK types', () => {
    expect(asSdk).toBe(DEFAULT_MODEL_LINEUP);
  });
});

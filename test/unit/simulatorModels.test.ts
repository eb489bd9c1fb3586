import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MODEL_LINEUP, FakeAnthropic, type ModelListEntry } from '../../src/simulator';

const API_KEY = 'test-key';
type Client = InstanceType<typeof Anthropic>;

const ALL = ['active', 'deprecated', 'retired'] as const;
const ids = (models: readonly { id: string }[]): string[] => models.map((m) => m.id);
const LISTED = DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle !== 'retired');

async function caught(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function stub(id: string, createdAt: string, lifecycle = 'active'): ModelListEntry {
  return { ...DEFAULT_MODEL_LINEUP[0], id, display_name: id, created_at: createdAt, lifecycle };
}

describe('FakeAnthropic: the Models API through the real SDK', () => {
  let fake: FakeAnthropic;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeAnthropic.start({ apiKey: API_KEY });
    client = new Anthropic({ apiKey: API_KEY, baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  async function rawList(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${fake.url}/v1/models${query}`, { headers: { 'x-api-key': API_KEY } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  describe('listing', () => {
    it('auto-paginates active and deprecated models newest first, one request per page', async () => {
      const models = await collect(client.models.list({ limit: 4 }));
      expect(ids(models)).toEqual(ids(LISTED));
      expect(models.some((m) => m.lifecycle === 'retired')).toBe(false);
      expect(fake.modelListCalls()).toBe(Math.ceil(LISTED.length / 4));
    });

    it('lists retired models only when asked, in the SDK array form', async () => {
      expect(ids(await collect(client.models.list({ limit: 7, lifecycle: [...ALL] })))).toEqual(ids(DEFAULT_MODEL_LINEUP));
      const retired = await collect(client.models.list({ lifecycle: ['retired'] }));
      expect(ids(retired)).toEqual(ids(DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle === 'retired')));
      expect(ids(retired)).toContain('claude-mythos-preview');
    });

    it('takes lifecycle as repeated and comma-separated params too', async () => {
      const comma = await rawList('?limit=1000&lifecycle=retired,deprecated');
      const repeated = await rawList('?limit=1000&lifecycle=deprecated&lifecycle=retired');
      const expected = ids(DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle !== 'active'));
      expect(ids(comma.body['data'] as { id: string }[])).toEqual(expected);
      expect(ids(repeated.body['data'] as { id: string }[])).toEqual(expected);
    });

    it('answers the page envelope with first_id, last_id and has_more, and pages back with before_id', async () => {
      const page = await client.models.list({ limit: 3 });
      expect(page.first_id).toBe(LISTED[0]?.id);
      expect(page.last_id).toBe(LISTED[2]?.id);
      expect(page.has_more).toBe(true);
      const next = await client.models.list({ limit: 3, after_id: 'claude-opus-4-7' });
      const at = LISTED.findIndex((m) => m.id === 'claude-opus-4-7');
      expect(ids(next.data)).toEqual(ids(LISTED.slice(at + 1, at + 4)));
      const before = await client.models.list({ limit: 2, before_id: 'claude-opus-4-7' });
      expect(ids(before.data)).toEqual(ids(LISTED.slice(at - 2, at)));
      expect(before.has_more).toBe(true);
      const last = await client.models.list({ limit: 1000, after_id: LISTED[LISTED.length - 2]?.id ?? '' });
      expect(last.has_more).toBe(false);
      expect(ids(last.data)).toEqual([LISTED[LISTED.length - 1]?.id]);
    });

    it.each([['0'], ['1001'], ['abc'], ['2.5'], ['']])('rejects limit=%s with 400 invalid_request_error', async (limit) => {
      const res = await rawList(`?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    });

    it('rejects an unknown lifecycle, an unknown cursor and both cursors at once', async () => {
      expect((await rawList('?lifecycle=sunset')).status).toBe(400);
      expect((await rawList('?lifecycle%5B%5D=active&lifecycle%5B%5D=')).status).toBe(400);
      const err = await caught(client.models.list({ after_id: 'claude-nope' }));
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect((await rawList('?after_id=claude-opus-5&before_id=claude-opus-5')).status).toBe(400);
    });

    it('checks the key like the other endpoints, and counts refused requests', async () => {
      const stranger = new Anthropic({ apiKey: 'wrong', baseURL: fake.url, maxRetries: 0 });
      expect(await caught(stranger.models.list())).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(await caught(stranger.models.retrieve('claude-opus-5'))).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(fake.modelListCalls()).toBe(1);
    });
  });

  describe('retrieve', () => {
    it('resolves an alias to the dated id, and serves retired models as a record', async () => {
      const haiku = await client.models.retrieve('claude-haiku-4-5');
      expect(haiku).toEqual(DEFAULT_MODEL_LINEUP.find((m) => m.id === 'claude-haiku-4-5-20251001'));
      expect((await client.models.retrieve('claude-3-opus-20240229')).lifecycle).toBe('retired');
      expect((await client.models.retrieve('claude-3-opus-latest')).id).toBe('claude-3-opus-20240229');
    });

    it('answers 404 not_found_error for anything else', async () => {
      const err = await caught(client.models.retrieve('claude-nope'));
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect(err.message).toContain('model: claude-nope');
    });
  });

  describe('setModels', () => {
    it('changes what the next list returns, until resetModels or reset', async () => {
      fake.setModels([stub('claude-old', '2025-01-01T00:00:00Z'), stub('claude-new', '2026-01-01T00:00:00Z')]);
      expect(ids(await collect(client.models.list()))).toEqual(['claude-new', 'claude-old']);
      fake.resetModels();
      expect(ids(await collect(client.models.list({ limit: 1000 })))).toEqual(ids(LISTED));
      fake.setModels([stub('claude-x', '2025-01-01T00:00:00Z')]);
      fake.reset();
      expect(ids(await collect(client.models.list({ limit: 1000 })))).toEqual(ids(LISTED));
      expect(fake.modelListCalls()).toBe(1);
    });

    it('serves garbage entries exactly as given; an unknown lifecycle passes every filter', async () => {
      const garbage = [
        { type: 'model', display_name: 'No id', created_at: '2026-03-01T00:00:00Z', lifecycle: 'active' },
        { ...stub('claude-sunset', '2026-02-01T00:00:00Z'), lifecycle: 'sunset', line: null, capabilities: null },
        { id: 'claude-bare', max_tokens: 'lots', extra: { nested: [1, 2] } },
      ];
      fake.setModels(garbage);
      const page = await client.models.list();
      expect(page.data).toEqual(garbage);
      expect(page.first_id).toBeNull();
      expect(page.last_id).toBe('claude-bare');
      expect(ids((await client.models.list({ lifecycle: ['retired'] })).data)).toEqual(['claude-sunset', 'claude-bare']);
    });

    it('keeps the order given when asked, and takes its own aliases', async () => {
      fake.setModels([stub('claude-a', '2025-01-01T00:00:00Z'), stub('claude-b', '2026-01-01T00:00:00Z')], {
        keepOrder: true,
        aliases: { 'claude-latest': 'claude-a' },
      });
      expect(ids((await client.models.list()).data)).toEqual(['claude-a', 'claude-b']);
      expect((await client.models.retrieve('claude-latest')).id).toBe('claude-a');
      expect(await caught(client.models.retrieve('claude-haiku-4-5'))).toBeInstanceOf(Anthropic.NotFoundError);
    });

    it('pages through 10,000 entries', async () => {
      const day = (i: number): string => new Date(Date.UTC(2000, 0, 1) + i * 3_600_000).toISOString();
      fake.setModels(Array.from({ length: 10_000 }, (_, i) => stub(`claude-m${i}`, day(i))));
      const models = await collect(client.models.list({ limit: 1000 }));
      expect(models).toHaveLength(10_000);
      expect(models[0]?.id).toBe('claude-m9999');
      expect(models[9_999]?.id).toBe('claude-m0');
      expect(fake.modelListCalls()).toBe(10);
    });
  });

  describe('faults', () => {
    it('pageLoop keeps has_more true with the same last_id on every page', async () => {
      fake.setModelsFault({ pageLoop: true });
      let page = await client.models.list({ limit: 2 });
      const lastIds = [page.last_id];
      for (let i = 0; i < 2; i += 1) {
        expect(page.has_more).toBe(true);
        expect(page.hasNextPage()).toBe(true);
        page = await page.getNextPage();
        lastIds.push(page.last_id);
      }
      expect(page.has_more).toBe(true);
      expect(lastIds).toEqual([LISTED[1]?.id, LISTED[1]?.id, LISTED[1]?.id]);
      expect(fake.modelListCalls()).toBe(3);
    });

    it('a 529 with retry-after fails the listing, then `times` runs out', async () => {
      fake.setModelsFault({ status: 529, retryAfter: '3', times: 1 });
      const err = await caught(client.models.list());
      expect(err.status).toBe(529);
      expect(err.type).toBe('overloaded_error');
      expect(err.headers?.get('retry-after')).toBe('3');
      expect((await client.models.list()).data.length).toBeGreaterThan(0);
      expect(fake.modelListCalls()).toBe(2);
    });

    it('drop and delay apply, and message faults for every model leave the listing alone', async () => {
      fake.setFault('*', { status: 500 });
      expect((await client.models.list()).data.length).toBeGreaterThan(0);
      fake.setModelsFault({ drop: true, times: 1 });
      expect(await caught(client.models.list())).toBeInstanceOf(Anthropic.APIConnectionError);
      fake.setModelsFault({ delayMs: 150 });
      const started = Date.now();
      await client.models.retrieve('claude-opus-5');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('a hung listing stays open until the client gives up', async () => {
      fake.setModelsFault({ hang: true });
      const impatient = new Anthropic({ apiKey: API_KEY, baseURL: fake.url, maxRetries: 0, timeout: 200 });
      expect(await caught(impatient.models.list())).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    });
  });
});

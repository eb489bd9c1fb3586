import Anthropic from '@anthropic-ai/sdk';
import { FakeAnthropic, type Fault } from '../../src/simulator';

const HAIKU = 'claude-haiku-4-5-20251001';
const SONNET = 'claude-sonnet-4-20250514';
const API_KEY = 'test-key';

function ask(client: Anthropic, model: string): Promise<Anthropic.Message> {
  return client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof Anthropic.APIError && err.status !== undefined) return err.status;
    throw err;
  }
}

describe('FakeAnthropic faultPicker', () => {
  let fake: FakeAnthropic;
  let client: Anthropic;
  const picked: string[] = [];
  // Picks per call from a script: a 529 for the first call, nothing for the second, a 429 for the third.
  const script: Array<Fault | undefined> = [];

  beforeAll(async () => {
    fake = await FakeAnthropic.start({
      apiKey: API_KEY,
      faultPicker: (model) => {
        picked.push(model);
        return script.shift();
      },
    });
    client = new Anthropic({ apiKey: API_KEY, baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => {
    fake.reset();
    picked.length = 0;
    script.length = 0;
  });
  afterAll(() => fake.close());

  it('applies the fault it picks to that one call only, and is asked with the call model', async () => {
    script.push({ status: 529 }, undefined, { status: 429, retryAfter: '1' });
    expect(await statusOf(ask(client, HAIKU))).toBe(529);
    expect(await statusOf(ask(client, SONNET))).toBe(200);
    expect(await statusOf(ask(client, HAIKU))).toBe(429);
    expect(await statusOf(ask(client, HAIKU))).toBe(200);
    expect(picked).toEqual([HAIKU, SONNET, HAIKU, HAIKU]);
  });

  it('is not asked while a fault set with setFault matches the call', async () => {
    fake.setFault(HAIKU, { status: 500, times: 1 });
    script.push({ status: 529 });
    expect(await statusOf(ask(client, HAIKU))).toBe(500);
    expect(picked).toEqual([]);
    expect(await statusOf(ask(client, HAIKU))).toBe(529);
    expect(picked).toEqual([HAIKU]);
  });
});

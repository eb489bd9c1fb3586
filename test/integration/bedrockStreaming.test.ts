import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createSdkProvider, type MessagesClient } from '../../src/providers/anthropic/anthropicProvider';
import { createPooledFetch, type PooledFetch } from '../../src/providers/anthropic/pooledFetch';
import { BEDROCK_ANTHROPIC_VERSION, BEDROCK_TRAITS } from '../../src/providers/createFleet';
import { FakeBedrock } from '../../src/simulator/bedrock';
import type { StreamEvent } from '../../src/domain/events';
import { LazyAbort } from '../../src/util/lazyAbort';
import type { Provider, ProviderRequest } from '../../src/providers/provider';

const KEYS = { accessKeyId: 'AKIDSTREAMING', secretAccessKey: 'streaming-secret' };
const SONNET4 = 'claude-sonnet-4-20250514';
const BEDROCK_SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

/** Bedrock's AWS event stream through the router's transport, from a fake that goes silent after the first text. */
describe("Bedrock's event stream through the router's transport", () => {
  let fake: FakeBedrock;
  let pooled: PooledFetch;
  let client: AnthropicBedrock;
  beforeEach(async () => {
    fake = await FakeBedrock.start({ ...KEYS, anthropicVersions: [BEDROCK_ANTHROPIC_VERSION] });
    // Silent after the first text delta until the client leaves: read whole, this answer would never arrive.
    fake.setFault(BEDROCK_SONNET4, { stallAfterDeltas: 1 });
    pooled = createPooledFetch();
    client = new AnthropicBedrock({
      awsAccessKey: KEYS.accessKeyId,
      awsSecretKey: KEYS.secretAccessKey,
      awsRegion: 'us-east-1',
      baseURL: fake.url,
      fetch: pooled.fetch,
      maxRetries: 0,
      defaultHeaders: { 'anthropic-version': BEDROCK_ANTHROPIC_VERSION },
    });
  });
  afterEach(async () => {
    pooled.close();
    await fake.close();
  });

  /** As the fleet makes it (the Bedrock client has no Models API, which this provider's traits never ask for). */
  const bedrockProvider = (): Provider => createSdkProvider(client as unknown as MessagesClient, { malformedEvent: () => undefined }, BEDROCK_TRAITS);
  const storyRequest = (signal: LazyAbort): ProviderRequest => ({
    model: SONNET4,
    platformModel: BEDROCK_SONNET4,
    params: { max_tokens: 64, messages: [{ role: 'user', content: 'tell me a story' }] },
    betas: [],
    stream: true,
    signal,
  });

  it('reaches the SDK as it comes: the events before the silence are read while upstream is still silent', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      const stream = await client.messages.create(
        { model: BEDROCK_SONNET4, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'tell me a story' }] },
        { signal: controller.signal },
      );
      for await (const event of stream) {
        seen.push(event.type);
        // Nothing more is coming: the caller gives up, as the router's idle limit would.
        if (event.type === 'content_block_delta') controller.abort();
      }
    })();
    // The SDK's Bedrock stream ends quietly once aborted.
    await reading;
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });

  it('a caller that leaves mid-answer is let go at once, though upstream is silent', async () => {
    const seen: StreamEvent['type'][] = [];
    for await (const event of bedrockProvider().stream(storyRequest(new LazyAbort()))) {
      seen.push(event.type);
      if (event.type === 'content_block_delta') break;
    }
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });

  it("the attempt's own abort (the idle limit) ends a silent stream at once, through the Bedrock SDK's signing", async () => {
    const attempt = new LazyAbort();
    const seen: StreamEvent['type'][] = [];
    const reading = (async () => {
      for await (const event of bedrockProvider().stream(storyRequest(attempt))) {
        seen.push(event.type);
        // Upstream goes silent after this one: the router's idle limit would fire.
        if (event.type === 'content_block_delta') attempt.abort('idle_timeout');
      }
    })();
    await expect(reading).rejects.toMatchObject({ kind: 'unavailable', blame: 'model', message: 'upstream stream stalled past the idle limit' });
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });
});

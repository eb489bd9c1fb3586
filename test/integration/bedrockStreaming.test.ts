import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createPooledFetch, type PooledFetch } from '../../src/providers/anthropic/pooledFetch';
import { BEDROCK_ANTHROPIC_VERSION } from '../../src/providers/createFleet';
import { FakeBedrock } from '../../src/simulator/bedrock';

const KEYS = { accessKeyId: 'AKIDSTREAMING', secretAccessKey: 'streaming-secret' };
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
});

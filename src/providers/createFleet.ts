// Types only: the platform SDKs are loaded when a platform is configured (about 4 MB of heap and of RSS otherwise).
import type { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type { AuthClient } from 'google-auth-library';
import type { ProvidersConfig } from '../config/providersSchema';
import type { Logger } from '../observability/logger';
import {
  ANTHROPIC_TRAITS,
  createAnthropicClient,
  createSdkProvider,
  sdkClientOptions,
  type MessagesClient,
  type ProviderHooks,
} from './anthropic/anthropicProvider';
import { ProviderFleet, type ProviderGroup } from './fleet';
import type { Provider } from './provider';

export interface FleetOptions {
  providers: ProvidersConfig;
  env: NodeJS.ProcessEnv;
  /** The key of the single default Anthropic deployment (ANTHROPIC_API_KEY, or the simulator's). */
  apiKey: string;
  anthropicBaseURL: string | undefined;
  timeoutMs: number;
  logger: Logger;
  fetch: typeof fetch | undefined;
  hooks: ProviderHooks;
  /** Tests: this provider for the default Anthropic deployment instead of an SDK client. */
  anthropicProvider?: Provider;
}

const DEFAULT_KEY = 'default';
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';
const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const CREDENTIALS_CHECK_MS = 3_000;

/**
 * Every platform client of the config. A group that cannot serve (its key variable empty, no project) is kept as
 * unavailable with one log line saying why, so the router starts and the other platforms serve. Credentials are
 * read here and handed to the SDKs only: none reaches a log line.
 */
export async function createFleet(options: FleetOptions): Promise<ProviderFleet> {
  const { providers, logger } = options;
  const groups: ProviderGroup[] = [];
  const common = { baseURL: undefined, timeoutMs: options.timeoutMs, logger, ...(options.fetch ? { fetch: options.fetch } : {}) };
  if (providers.anthropic.enabled) {
    const keys = providers.anthropic.keys ?? [{ name: DEFAULT_KEY, api_key_env: '', base_url: undefined, weight: 1, rpm: undefined, tpm: undefined }];
    for (const key of keys) {
      const apiKey = key.api_key_env === '' ? options.apiKey : options.env[key.api_key_env];
      const unavailable = apiKey ? undefined : `${key.api_key_env || 'ANTHROPIC_API_KEY'} is not set`;
      const provider =
        key.api_key_env === '' && options.anthropicProvider
          ? options.anthropicProvider
          : createSdkProvider(
              createAnthropicClient({ ...common, apiKey: apiKey ?? 'unset', baseURL: key.base_url ?? options.anthropicBaseURL }),
              options.hooks,
              ANTHROPIC_TRAITS,
            );
      groups.push({ platform: 'anthropic', key: key.name, weight: key.weight, provider, limits: { rpm: key.rpm, tpm: key.tpm }, unavailable });
    }
  }
  const bedrock = providers.bedrock;
  if (bedrock) {
    const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk');
    const accessKey = options.env['AWS_ACCESS_KEY_ID'];
    const secretKey = options.env['AWS_SECRET_ACCESS_KEY'];
    const sessionToken = options.env['AWS_SESSION_TOKEN'];
    const awsMissing = (accessKey && secretKey) || options.env['AWS_BEARER_TOKEN_BEDROCK'] ? undefined : await awsChainMissing();
    for (const region of bedrock.regions) {
      const base = {
        ...sdkClientOptions({ ...common, baseURL: bedrock.base_url }),
        // The SDK copies anthropic-version into the body's anthropic_version; Bedrock takes only its own.
        defaultHeaders: { 'anthropic-version': BEDROCK_ANTHROPIC_VERSION },
        awsRegion: region,
        apiKey: options.env['AWS_BEARER_TOKEN_BEDROCK'] ?? null,
      };
      // Static keys when the environment has both; else the standard AWS chain (profile, SSO, instance role).
      const client =
        accessKey && secretKey
          ? new AnthropicBedrock({ ...base, awsAccessKey: accessKey, awsSecretKey: secretKey, awsSessionToken: sessionToken ?? null })
          : new AnthropicBedrock(base);
      groups.push({ ...platformGroup('bedrock', region, bedrock.weight, client, options.hooks, BEDROCK_TRAITS), unavailable: awsMissing });
    }
  }
  const vertex = providers.vertex;
  if (vertex) {
    const { AnthropicVertex } = await import('@anthropic-ai/vertex-sdk');
    const auth = await vertexAuth(options.env['VERTEX_ACCESS_TOKEN']);
    for (const region of vertex.regions) {
      const client = new AnthropicVertex({
        ...sdkClientOptions({ ...common, baseURL: vertex.base_url }),
        defaultHeaders: { 'anthropic-version': VERTEX_ANTHROPIC_VERSION },
        region,
        projectId: vertex.project_id,
        authClient: auth.client,
      });
      groups.push({ ...platformGroup('vertex', region, vertex.weight, client, options.hooks, VERTEX), unavailable: auth.unavailable });
    }
  }
  for (const group of groups) {
    if (group.unavailable) {
      logger.error('a provider cannot serve: its deployments are skipped', {
        event: 'provider_unavailable',
        platform: group.platform,
        key: group.key,
        reason: group.unavailable,
      });
    }
  }
  return new ProviderFleet(groups);
}

/** How the router reads Bedrock through its SDK: the SDK decodes the AWS event stream; no token counting or Models API. */
export const BEDROCK_TRAITS = { name: 'bedrock', streamDecoding: 'sdk', countsTokens: false, listsModels: false } as const;
const VERTEX = { name: 'vertex', streamDecoding: 'sse', countsTokens: true, listsModels: false } as const;

function platformGroup(
  platform: 'bedrock' | 'vertex',
  key: string,
  weight: number,
  client: AnthropicBedrock | AnthropicVertex,
  hooks: ProviderHooks,
  traits: typeof BEDROCK_TRAITS | typeof VERTEX,
): ProviderGroup {
  const provider = createSdkProvider(client as unknown as MessagesClient, hooks, traits);
  return { platform, key, weight, provider, limits: { rpm: undefined, tpm: undefined }, unavailable: undefined };
}

/**
 * Vertex's credentials: VERTEX_ACCESS_TOKEN as a ready OAuth client (the SDK would ignore a bare accessToken), else
 * Google application default credentials, looked for now: without any, Vertex is unavailable, the router serves on.
 */
async function vertexAuth(token: string | undefined): Promise<{ client: AuthClient; unavailable: string | undefined }> {
  const { GoogleAuth, OAuth2Client } = await import('google-auth-library');
  if (token) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return { client, unavailable: undefined };
  }
  const auth = new GoogleAuth({ scopes: GOOGLE_SCOPE });
  try {
    const client = await withTimeout(auth.getClient(), CREDENTIALS_CHECK_MS);
    return { client, unavailable: undefined };
  } catch (err) {
    const reason = `no Google credentials (VERTEX_ACCESS_TOKEN unset; application default credentials: ${(err instanceof Error ? err.message : 'unknown error').slice(0, 200)})`;
    return { client: new OAuth2Client(), unavailable: reason };
  }
}

/** Without keys in the environment, the standard AWS chain (profile, SSO, container or instance role) is asked now. */
async function awsChainMissing(): Promise<string | undefined> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  try {
    await withTimeout(fromNodeProviderChain()(), CREDENTIALS_CHECK_MS);
    return undefined;
  } catch (err) {
    return `no AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY unset; the AWS chain: ${(err instanceof Error ? err.message : 'unknown error').slice(0, 200)})`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

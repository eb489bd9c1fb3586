import { FakeBedrock } from './bedrock';
import type { FakeAnthropic } from './fakeAnthropic';
import { FakeVertex } from './vertex';

export const SIMULATOR_PLATFORMS = ['anthropic', 'bedrock', 'vertex'] as const;
export type SimulatedPlatform = (typeof SIMULATOR_PLATFORMS)[number];

const SIMULATOR_REGION = 'us-east-1';
const SIMULATOR_VERTEX_REGION = 'us-east5';
const SIMULATOR_PROJECT = 'modelrouter-simulator';

/** Credentials the platform simulators accept: only ever sent to them. */
export const SIMULATOR_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
  AWS_SECRET_ACCESS_KEY: 'simulator-secret',
  VERTEX_ACCESS_TOKEN: 'simulator-token',
} as const;

export interface PlatformSimulators {
  /** What providers.bedrock and providers.vertex become. */
  bedrock: { regions: string[]; base_url: string; weight: number };
  vertex: { project_id: string; regions: string[]; base_url: string; weight: number };
  close(): Promise<void>;
}

/**
 * Bedrock and Vertex simulators beside the Anthropic one, and an outage on the platforms named: every call there
 * answers as that platform does when it is overloaded (529 on Anthropic and Vertex, Bedrock's 503), so provider
 * fallback can be watched live under `make run` (SIMULATOR_OUTAGE=anthropic).
 */
export async function startPlatformSimulators(anthropic: FakeAnthropic, outage: readonly SimulatedPlatform[]): Promise<PlatformSimulators> {
  const bedrock = await FakeBedrock.start({ accessKeyId: SIMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID, region: SIMULATOR_REGION, maxRecordedRequests: 100 });
  const vertex = await FakeVertex.start({
    accessToken: SIMULATOR_CREDENTIALS.VERTEX_ACCESS_TOKEN,
    project: SIMULATOR_PROJECT,
    region: SIMULATOR_VERTEX_REGION,
    knownModels: 'any',
    maxRecordedRequests: 100,
  });
  if (outage.includes('anthropic')) anthropic.setFault('*', { status: 529 });
  if (outage.includes('bedrock')) bedrock.setFault('*', { status: 529 });
  if (outage.includes('vertex')) vertex.setFault('*', { status: 529 });
  return {
    bedrock: { regions: [SIMULATOR_REGION], base_url: bedrock.url, weight: 1 },
    vertex: { project_id: SIMULATOR_PROJECT, regions: [SIMULATOR_VERTEX_REGION], base_url: `${vertex.url}/v1`, weight: 1 },
    close: async () => {
      await Promise.all([bedrock.close(), vertex.close()]);
    },
  };
}

/** SIMULATOR_OUTAGE: a comma-separated list of platforms; anything else is refused, naming it. */
export function parseOutage(value: string | undefined): SimulatedPlatform[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const names = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const name of names) {
    if (!(SIMULATOR_PLATFORMS as readonly string[]).includes(name))
      throw new Error(`SIMULATOR_OUTAGE: '${name.slice(0, 32)}' is not one of ${SIMULATOR_PLATFORMS.join(', ')}`);
  }
  return names as SimulatedPlatform[];
}

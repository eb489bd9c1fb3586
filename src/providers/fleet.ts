import { deploymentId, PLATFORM_ORDER, type Deployment, type PlatformName } from '../domain/deployment';
import type { Provider } from './provider';

/** What the fleet reads of a catalog model: its ids on each platform. */
export interface PlatformIds {
  id: string;
  bedrock_id: string | undefined;
  vertex_id: string | undefined;
}

/** Requests and input tokens a key may take per minute (its own limits, kept locally). */
export interface KeyLimits {
  rpm: number | undefined;
  tpm: number | undefined;
}

/** One client of one platform: an Anthropic key, or a Bedrock or Vertex region. */
export interface ProviderGroup {
  platform: PlatformName;
  /** The key's name or the region. */
  key: string;
  weight: number;
  provider: Provider;
  limits: KeyLimits;
  /** Set when the group cannot serve (no key in its variable, no credentials): its deployments are never tried. */
  unavailable: string | undefined;
}

/**
 * Every platform client, and the deployments each model has on them: a model without an id on a platform has no
 * deployment there. The list per model is built once per model (and its platform ids).
 */
export class ProviderFleet {
  private readonly byKey = new Map<string, ProviderGroup>();
  private readonly cache = new Map<string, { ids: string; deployments: readonly Deployment[] }>();
  private readonly providers = new Map<string, Provider>();
  private readonly suffixed: ReadonlySet<PlatformName>;

  constructor(readonly groups: readonly ProviderGroup[]) {
    const counts = new Map<PlatformName, number>();
    for (const group of groups) {
      counts.set(group.platform, (counts.get(group.platform) ?? 0) + 1);
      this.byKey.set(`${group.platform}:${group.key}`, group);
    }
    this.suffixed = new Set([...counts].filter(([, n]) => n > 1).map(([platform]) => platform));
  }

  /** The model's deployments in platform order (anthropic, bedrock, vertex), unavailable groups left out. */
  deploymentsFor(model: PlatformIds): readonly Deployment[] {
    const ids = `${model.bedrock_id ?? ''}|${model.vertex_id ?? ''}`;
    const cached = this.cache.get(model.id);
    if (cached?.ids === ids) return cached.deployments;
    const deployments: Deployment[] = [];
    for (const platform of PLATFORM_ORDER) {
      const platformModel = platform === 'anthropic' ? model.id : platform === 'bedrock' ? model.bedrock_id : model.vertex_id;
      if (platformModel === undefined) continue;
      for (const group of this.groups) {
        if (group.platform !== platform || group.unavailable !== undefined) continue;
        const id = deploymentId(model.id, platform, group.key, this.suffixed.has(platform));
        deployments.push({ id, model: model.id, platform, key: group.key, platformModel, weight: group.weight });
        this.providers.set(id, group.provider);
      }
    }
    this.cache.set(model.id, { ids, deployments });
    return deployments;
  }

  /** The client a deployment is called through. */
  providerOf(deployment: Deployment): Provider {
    const provider = this.providers.get(deployment.id) ?? this.group(deployment)?.provider;
    if (!provider) throw new Error(`no provider for deployment ${deployment.id}`);
    return provider;
  }

  group(deployment: Pick<Deployment, 'platform' | 'key'>): ProviderGroup | undefined {
    return this.byKey.get(`${deployment.platform}:${deployment.key}`);
  }

  /** A platform with more than one group names its deployments with the key or region. */
  isSuffixed(platform: PlatformName): boolean {
    return this.suffixed.has(platform);
  }
}

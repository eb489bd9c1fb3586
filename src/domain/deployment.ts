/** The platforms a Claude model can be called on. */
export type PlatformName = 'anthropic' | 'bedrock' | 'vertex';

export const PLATFORM_ORDER: readonly PlatformName[] = ['anthropic', 'bedrock', 'vertex'];

/**
 * One place a model can be called: (model, platform, key or region). It has a breaker, retries and a health
 * service of its own; the model is healthy while any of its deployments is.
 */
export interface Deployment {
  /** `<model>@<platform>[:<key or region>]`: the suffix only when the platform has more than one. */
  id: string;
  /** Catalog model id. */
  model: string;
  platform: PlatformName;
  /** The key's name (anthropic) or the region (bedrock, vertex). */
  key: string;
  /** The id the platform knows the model by (bedrock_id, vertex_id, or the catalog id). */
  platformModel: string;
  /** Share of the traffic among the healthy deployments of one platform. */
  weight: number;
}

export function deploymentId(model: string, platform: PlatformName, key: string, suffixed: boolean): string {
  return suffixed ? `${model}@${platform}:${key}` : `${model}@${platform}`;
}

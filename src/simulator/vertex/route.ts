import { DEFAULT_MODEL_LINEUP } from '../modelLineup';

// Vertex serves Claude as a publisher model under a project and a location:
//   POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict        JSON Message
//   POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:streamRawPredict  SSE
//   POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/count-tokens:rawPredict  (model in body)
// which is what @anthropic-ai/vertex-sdk 1.1.4 builds from `baseURL` (default https://{region}-aiplatform.googleapis.com/v1).

export const RAW_PREDICT = 'rawPredict';
export const STREAM_RAW_PREDICT = 'streamRawPredict';
/** The model segment of the count_tokens path; the model counted for is `model` in the body. */
export const COUNT_TOKENS_MODEL = 'count-tokens';

/** What a recorded call was: a message, a streamed message, or a token count. */
export type VertexCallKind = 'rawPredict' | 'streamRawPredict' | 'countTokens';

export interface VertexRoute {
  readonly project: string;
  readonly region: string;
  /** Percent-decoded, exactly as sent: e.g. `claude-sonnet-4@20250514`, or `count-tokens`. */
  readonly model: string;
  readonly kind: VertexCallKind;
}

export type RouteMatch =
  | { readonly ok: true; readonly route: VertexRoute }
  /** Not a path the fake serves (another publisher, an unknown method, bad percent-encoding). */
  | { readonly ok: false };

const ROUTE = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/]+)$/;

export function matchRoute(path: string): RouteMatch {
  const match = ROUTE.exec(path);
  if (match === null) return { ok: false };
  const [, project = '', region = '', last = ''] = match;
  // An encoded colon is %3A, so the last literal ':' is the one before the method name.
  const colon = last.lastIndexOf(':');
  if (colon === -1) return { ok: false };
  const parts = [project, region, last.slice(0, colon)].map(decode);
  const method = last.slice(colon + 1);
  const [p, r, model] = parts;
  if (p === undefined || r === undefined || model === undefined || model === '') return { ok: false };
  if (model === COUNT_TOKENS_MODEL) {
    return method === RAW_PREDICT ? { ok: true, route: { project: p, region: r, model, kind: 'countTokens' } } : { ok: false };
  }
  if (method !== RAW_PREDICT && method !== STREAM_RAW_PREDICT) return { ok: false };
  return { ok: true, route: { project: p, region: r, model, kind: method } };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `claude-sonnet-4-20250514` -> `claude-sonnet-4@20250514`; ids without a snapshot date are the same on Vertex. */
export function vertexModelId(anthropicId: string): string {
  return anthropicId.replace(/-(\d{8})$/, '@$1');
}

/** `claude-sonnet-4@20250514` -> `claude-sonnet-4-20250514`: the id a Vertex reply names in its `model` field. */
export function anthropicModelId(vertexId: string): string {
  return vertexId.replace(/@(\d{8})$/, '-$1');
}

/** The default lineup's models that still serve, in Vertex's form (`claude-sonnet-4@20250514`). */
export function defaultVertexModels(): string[] {
  return DEFAULT_MODEL_LINEUP.filter((m) => m.lifecycle !== 'retired').map((m) => vertexModelId(m.id));
}

/** `projects/p/locations/r/publishers/anthropic/models/m`: how Google's error messages name the resource. */
export function resourceName(route: Pick<VertexRoute, 'project' | 'region' | 'model'>): string {
  return `projects/${route.project}/locations/${route.region}/publishers/anthropic/models/${route.model}`;
}

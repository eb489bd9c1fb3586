import { isRecord, parseMessagesRequest, type MessagesRequest } from '../request';

export const INVOKE = 'invoke';
export const INVOKE_STREAM = 'invoke-with-response-stream';
export type Operation = typeof INVOKE | typeof INVOKE_STREAM;

/** The anthropic_version Bedrock documents for the Messages API. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

export interface Route {
  readonly operation: Operation;
  /** Percent-decoded, e.g. `us.anthropic.claude-sonnet-4-20250514-v1:0` whether `:` arrived as `:` or `%3A`. */
  readonly modelId: string;
}

const ROUTE = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;

/** undefined: not an InvokeModel path. `modelId` undefined: the id is not valid percent-encoding. */
export function matchRoute(path: string): { operation: Operation; modelId: string | undefined } | undefined {
  const match = ROUTE.exec(path);
  if (match === null) return undefined;
  const [, encoded = '', operation] = match;
  let modelId: string | undefined;
  try {
    modelId = decodeURIComponent(encoded);
  } catch {
    modelId = undefined;
  }
  return { operation: operation === INVOKE ? INVOKE : INVOKE_STREAM, modelId };
}

/**
 * The Anthropic model name behind a Bedrock model id, as Bedrock reports it in `message.model`:
 * `us.anthropic.claude-sonnet-4-20250514-v1:0` and inference-profile ARNs ending in it give `claude-sonnet-4-20250514`.
 */
export function anthropicModelName(modelId: string): string {
  const last = modelId.slice(modelId.lastIndexOf('/') + 1);
  const at = last.indexOf('anthropic.');
  const base = at === -1 ? last : last.slice(at + 'anthropic.'.length);
  return base.replace(/-v\d+(:\d+)?$/, '') || modelId;
}

export type BodyCheck = { ok: true; request: MessagesRequest } | { ok: false; message: string };

/**
 * Bedrock's own checks on an InvokeModel body for Anthropic models, then the Messages API's. `model` and `stream`
 * belong in the path, so the body may not carry them; `anthropic_version` is required and must be one Bedrock takes.
 */
export function checkInvokeBody(body: unknown, route: Route, acceptsVersion: (version: string) => boolean): BodyCheck {
  if (!isRecord(body)) return malformed('#: expected type: JSONObject');
  for (const key of ['model', 'stream']) {
    if (key in body) return malformed(`#: extraneous key [${key}] is not permitted`);
  }
  const version = body['anthropic_version'];
  if (version === undefined) return malformed('#: required key [anthropic_version] not found');
  if (typeof version !== 'string' || !acceptsVersion(version)) {
    return malformed(`#/anthropic_version: ${JSON.stringify(version)} is not a valid enum value`);
  }
  const beta = body['anthropic_beta'];
  if (beta !== undefined && !(Array.isArray(beta) && beta.every((b) => typeof b === 'string'))) {
    return malformed('#/anthropic_beta: expected type: JSONArray of strings');
  }
  const parsed = parseMessagesRequest({
    ...body,
    model: anthropicModelName(route.modelId),
    stream: route.operation === INVOKE_STREAM,
  });
  return parsed.ok ? parsed : { ok: false, message: parsed.message };
}

function malformed(detail: string): BodyCheck {
  return { ok: false, message: `Malformed input request: ${detail}, please reformat your input and try again.` };
}

/**
 * The default version check: Bedrock's documented `bedrock-2023-05-31`, or a dated Anthropic API version. The
 * Bedrock SDK (1.1.x) does not send bedrock-2023-05-31: it moves the base SDK's `anthropic-version` header
 * (e.g. 2026-10-21) into the body, so a fake that took only the documented value would refuse every SDK call.
 */
export function defaultVersionCheck(version: string): boolean {
  return version === BEDROCK_ANTHROPIC_VERSION || /^\d{4}-\d{2}-\d{2}$/.test(version);
}

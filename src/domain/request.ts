import type { MessagesParams } from './messages';

export type CacheMode = 'default' | 'bypass' | 'refresh';

/** How the caller wants the request routed: the router's own envelope around the Messages body. */
export interface Routing {
  /** Policy task; undefined or '' means the default task. */
  task: string | undefined;
  /** Explicit model id or alias: that model only, no fallback. */
  model: string | undefined;
  cache: CacheMode;
  /** Copied into the request log. */
  labels: Readonly<Record<string, string>>;
  /** A stream cut mid-answer may start over on the next model (the caller drops what it got). */
  streamRestart?: boolean;
}

/** One request as every transport hands it to the core. */
export interface RouterRequest {
  params: MessagesParams;
  /** anthropic-beta values. */
  betas: readonly string[];
  routing: Routing;
}

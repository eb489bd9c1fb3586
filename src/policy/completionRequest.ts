export type Role = 'user' | 'assistant';
export type CacheMode = 'default' | 'bypass' | 'refresh';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** A CompleteRequest after validation: every field checked, defaults not yet applied per model. */
export interface CompletionRequest {
  task: string;
  /** Explicit model id or alias, or undefined to route by policy. */
  model: string | undefined;
  system: string;
  messages: readonly ChatMessage[];
  /** 0 = the configured default, capped per model. */
  maxTokens: number;
  temperature: number | undefined;
  topP: number | undefined;
  stopSequences: readonly string[];
  /** 0 = no extended thinking. */
  thinkingBudgetTokens: number;
  cacheMode: CacheMode;
  labels: Readonly<Record<string, string>>;
}

/** `continued`: the call that continued an answer another call had begun (a stream cut mid-answer, rescued). */
export type AttemptOutcome = 'ok' | 'continued' | 'error' | 'skipped_circuit_open' | 'skipped_incapable' | 'skipped_retired';

/** One step of the fallback chain, as the caller sees it in a response's attempts. */
export interface AttemptRecord {
  model: string;
  outcome: AttemptOutcome;
  error: string;
  latency_ms: number;
  /** The model is deprecated upstream: it answered, but it is headed for retirement. */
  deprecated?: boolean;
  /** The platform called (anthropic, bedrock, vertex) and the deployment, `<model>@<platform>[:<key>]`. */
  provider?: string;
  deployment?: string;
}

export function summarizeAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts.map((a) => `${a.model}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`).join('; ');
}

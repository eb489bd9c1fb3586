export type AttemptOutcome = 'ok' | 'error' | 'skipped_circuit_open' | 'skipped_incapable';

/** One step of the fallback chain, as the caller sees it in a response's attempts. */
export interface AttemptRecord {
  model: string;
  outcome: AttemptOutcome;
  error: string;
  latency_ms: number;
}

export function summarizeAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts.map((a) => `${a.model}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`).join('; ');
}

import { LONG_CONTEXT_WINDOW, type CatalogModel } from '../catalog/model';
import type { AttemptLimits } from './attemptSignal';

export interface LimitSettings {
  /** Backstop on any silence (UPSTREAM_TIMEOUT_MS): no limit is longer. */
  attemptTimeoutMs: number;
  /** No model is tried with less time than this left; no attempt's share of the deadline is smaller. */
  minAttemptMs: number;
  firstTokenTimeoutMs: number;
  firstTokenPer20kMs: number;
  firstTokenByTask: Readonly<Record<string, number>>;
  idleTimeoutMs: number;
}

interface PlanShape {
  task: string;
  streaming: boolean;
  estimatedInputTokens: number;
  steps: readonly { incapable: string | undefined; retired?: boolean }[];
}

/**
 * One attempt's limits. First token: the task's limit (or the default) plus a second per 20k tokens of input. Share
 * of the deadline: half of what remains while another model of the chain could still answer, so a hung model never
 * eats the time its fallback needs (the last one gets all of it); with no deadline, none.
 */
export function attemptLimits(settings: LimitSettings, plan: PlanShape, index: number, remainingMs: number): AttemptLimits {
  const first =
    (settings.firstTokenByTask[plan.task] ?? settings.firstTokenTimeoutMs) + Math.floor(plan.estimatedInputTokens / 20_000) * settings.firstTokenPer20kMs;
  const others = plan.steps.slice(index + 1).some((s) => s.incapable === undefined && !s.retired);
  const budgetMs = Number.isFinite(remainingMs) && others ? Math.max(settings.minAttemptMs, remainingMs / 2) : Infinity;
  return {
    // A JSON answer arrives whole: its "first content" is the end, so only the backstop can bound it.
    firstContentMs: plan.streaming ? Math.min(first, settings.attemptTimeoutMs) : settings.attemptTimeoutMs,
    idleMs: Math.min(settings.idleTimeoutMs, settings.attemptTimeoutMs),
    budgetMs,
  };
}

/** The most input a model can take: its window, or 1M with the beta when it has one and routing allows it. */
export function windowFor(model: CatalogModel, longContext: boolean): number {
  return model.context_1m && longContext ? LONG_CONTEXT_WINDOW : model.context_window;
}

import { costUsd } from './catalog/cost';
import { ConfigError } from './config/loadConfig';
import type { CatalogSource } from './policy/planRoute';
import type { RoutingConfig } from './config/schema';
import { LlmTaskClassifier } from './core/llmTaskClassifier';
import type { RouterMetrics } from './observability/metrics';
import { TaskInferrer } from './policy/inference/taskInference';
import { loadTaskModel, resolveModelFile } from './policy/inference/taskModel';
import type { Policy } from './policy/policy';
import type { Provider } from './providers/provider';

/** routing.infer_task and routing.classifier as objects: the local classifier, and the model asked when it is unsure. */
export function createTaskInference(
  routing: RoutingConfig,
  policy: Policy,
  /** Anthropic's own platform (the fleet's first usable key); undefined when it is disabled or has no key. */
  provider: Provider | undefined,
  catalog: CatalogSource,
  metrics: RouterMetrics,
): { inferrer: TaskInferrer | undefined; llmClassifier: LlmTaskClassifier | undefined } {
  if (!routing.infer_task) return { inferrer: undefined, llmClassifier: undefined };
  const inferrer = new TaskInferrer(loadTaskModel(resolveModelFile(routing.classifier_file)), policy, {
    inferable: routing.inferable_tasks,
    minConfidence: routing.infer_min_confidence,
  });
  if (routing.classifier === 'local') return { inferrer, llmClassifier: undefined };
  if (!provider) {
    throw new ConfigError(
      `Invalid config: routing.classifier: '${routing.classifier}' asks a model on Anthropic's API, which has no usable key here (providers.anthropic)`,
    );
  }
  const llm = routing.llm_classifier;
  const llmClassifier = new LlmTaskClassifier(
    provider,
    catalog,
    inferrer,
    { mode: routing.classifier, model: llm.model, belowConfidence: llm.below_confidence, timeoutMs: llm.timeout_ms, cacheEntries: llm.cache_entries },
    ({ outcome, model, usage }) =>
      metrics.recordClassifierCall(outcome, model && usage ? { model: model.id, usage, costUsd: costUsd(usage, model) } : undefined),
  );
  return { inferrer, llmClassifier };
}

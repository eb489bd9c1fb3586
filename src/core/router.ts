import type { CatalogModel } from '../catalog/catalog';
import type { RefreshResult } from '../catalog/catalogRefresher';
import type { LiveCatalog } from '../catalog/liveCatalog';
import type { AttemptRecord } from '../domain/attempts';
import { paginate, type Page, type PageRequest } from '../catalog/paginate';
import { messageToEvents } from '../domain/events';
import { invalidRequest, RouterError } from '../domain/routerError';
import type { RouterRequest } from '../domain/request';
import type { ResponseCache } from '../cache/responseCache';
import { cacheKey } from '../cache/cacheKey';
import type { AdaptSettings } from '../policy/adaptForModel';
import { effectiveMaxTokens } from '../policy/capabilities';
import type { Planner, RoutePlan } from '../policy/planRoute';
import type { Policy } from '../policy/policy';
import type { TaskInferrer } from '../policy/inference/taskInference';
import type { RequestLimits } from '../policy/validate/validateRequest';
import { validateRequest, type ValidRequest } from '../policy/validate/validateRequest';
import type { BreakerRegistry } from '../resilience/breakerRegistry';
import type { FallbackExecutor } from '../resilience/fallbackExecutor';
import type { CircuitState } from '../resilience/modelBreaker';
import type { Provider } from '../providers/provider';
import type { CallInfo } from './call';
import type { CallChain, Observation } from './callChain';
import { inSpan } from '../observability/tracing';
import { CompleteFlow } from './completeFlow';
import { countTokens } from './countTokens';
import type { DeploymentContext } from './deploymentSteps';
import type { Deployment } from '../domain/deployment';
import type { LlmTaskClassifier } from './llmTaskClassifier';
import { announced, runAttempts } from './runAttempts';
import { admitAll, guardedCall, type CallGuard } from './callGuards';
import { readBudgets, type BudgetReader, type BudgetStatus } from './budgetReader';
import { fromCache, fromExecution, type CoreEvent, type RouterResult } from './result';

export interface RouterDeps {
  chain: CallChain;
  policy: Policy;
  /** Picks the task of a request that names none; undefined: such requests take the default task. */
  inferrer: TaskInferrer | undefined;
  /** routing.classifier llm or hybrid: a model asked for the task. */
  llmClassifier: LlmTaskClassifier | undefined;
  planner: Planner;
  catalog: LiveCatalog;
  /** Lists upstream now; undefined when the catalog is not live (catalog.live: false). */
  refreshCatalog: (() => Promise<RefreshResult>) | undefined;
  /** Told each time a deprecated model is about to be called (the log says so once per model). */
  deprecated(model: CatalogModel): void;
  executor: FallbackExecutor;
  breakers: BreakerRegistry;
  /** Lists the Models API (Anthropic's own platform). */
  provider: Provider;
  /** Where each model can be called, and how chains are laid over the deployments. */
  deployments: DeploymentContext;
  cache: ResponseCache | undefined;
  limits: RequestLimits;
  adapt: AdaptSettings;
  /** Per-attempt cap, for the calls that are not streams of events (CountTokens). */
  attemptTimeoutMs: number;
  /** Complete streams from upstream as well (upstream.stream_complete). */
  streamComplete: boolean;
  /** Checked once a call is planned, before the cache and upstream: spend budgets, then rate limits. */
  guards: readonly CallGuard[];
  /** GetBudget's figures; undefined when no budget is configured. */
  budgets: BudgetReader | undefined;
}

/** A request ready to run: validated, planned, and its cache key when the cache may answer it. */
export interface Prepared {
  request: ValidRequest;
  plan: RoutePlan;
  key: string | undefined;
}

export interface RouteDecision {
  task: string;
  model: string;
  fallbacks: string[];
  reason: string;
  /** The caller named no task: the classifier chose it (or sent it to the default task, unsure). */
  taskInferred: boolean;
  /** The classifier's confidence in its class, 0 when the task was named. */
  taskConfidence: number;
}

export interface Circuits {
  modelIds(): readonly string[];
  /** A model's state (closed while any of its deployments is), or a deployment's. */
  state(id: string): CircuitState;
  deploymentIds(modelId: string): readonly string[];
  onTransition(listener: (key: string, state: CircuitState, model: string) => void): void;
  /** The catalog changed: models may have come or gone. */
  onModelsChange(listener: () => void): void;
}

export interface ModelView {
  model: CatalogModel;
  circuitState: CircuitState;
  /** Where the model can be called, each with its own circuit. */
  deployments: readonly { deployment: Deployment; circuitState: CircuitState }[];
}

/** The transport reads the body only once the caller is known: an unauthenticated body is never parsed. */
export type Decode = () => RouterRequest;

const REPLAY_CHUNK_CHARS = 64;

/** The request path, the same for every door: chain of per-call concerns around plan -> cache -> execute. */
export class Router {
  private readonly completeFlow: CompleteFlow;

  constructor(private readonly deps: RouterDeps) {
    this.completeFlow = new CompleteFlow(deps.cache, (prepared, ctx, obs) => runAttempts(deps, prepared, ctx, obs, deps.streamComplete, [], false));
  }

  complete(call: CallInfo, decode: Decode): Promise<RouterResult> {
    return this.deps.chain.run('Complete', call, 'rate_limited', async (obs) => {
      const result = await this.completeFlow.answer(await this.prepare(decode, obs, call), call, obs);
      obs.result = result;
      return result;
    });
  }

  /** The answer's events as they arrive (a cache hit replayed), then `done` with the whole answer. */
  stream(call: CallInfo, decode: Decode): AsyncIterable<CoreEvent> {
    return this.deps.chain.runStream('StreamComplete', call, (obs) => this.streamAnswer(decode, call, obs));
  }

  /** Dry run: the model that would serve now (open circuits considered), its fallbacks, and why. */
  route(call: CallInfo, decode: Decode): Promise<RouteDecision> {
    return this.deps.chain.run('Route', call, 'rate_limited', async (obs) => {
      const { request, plan } = await this.prepare(decode, obs, call, true);
      const capable = [plan.primary, ...plan.fallbacks];
      const open = capable.filter((m) => this.circuitState(m.id) === 'open');
      const available = capable.filter((m) => !open.includes(m));
      const [model, ...fallbacks] = available.length > 0 ? available : capable;
      const inference = request.inference;
      const reasons = [inference?.reason, plan.explain(), open.length > 0 ? `circuit open, would be skipped: ${open.map((m) => m.id).join(', ')}` : undefined];
      return {
        task: plan.task,
        model: model?.id ?? '',
        fallbacks: fallbacks.map((m) => m.id),
        reason: reasons.filter((r) => r !== undefined).join('; '),
        taskInferred: inference !== undefined,
        taskConfidence: inference?.confidence ?? 0,
      };
    });
  }

  /** Routes like Route, then counts the input upstream on that model. Not cached, not billed. */
  countTokens(call: CallInfo, decode: Decode): Promise<{ inputTokens: number; model: string }> {
    return this.deps.chain.run('CountTokens', call, 'rate_limited', async (obs) => {
      const { request, plan } = await this.prepare(decode, obs, call, true);
      return countTokens({ ...this.deps.deployments, adapt: this.deps.adapt, attemptTimeoutMs: this.deps.attemptTimeoutMs }, request, plan, call);
    });
  }

  /** The page request is read inside the call, like a body: a bad one is answered and reported like any other. */
  listModels(call: CallInfo, page: PageRequest | (() => PageRequest)): Promise<Omit<Page, 'data'> & { data: ModelView[] }> {
    return this.deps.chain.run('ListModels', call, 'unlimited', () => {
      const found = paginate(this.deps.catalog.current, typeof page === 'function' ? page() : page);
      return Promise.resolve({ ...found, data: found.data.map((m) => this.view(m)) });
    });
  }

  getModel(call: CallInfo, idOrAlias: string): Promise<ModelView> {
    return this.deps.chain.run('GetModel', call, 'unlimited', () => {
      if (!idOrAlias) throw invalidRequest('id is required (a model id or alias)');
      return Promise.resolve(this.view(this.deps.catalog.current.get(idOrAlias)));
    });
  }

  /** Lists upstream now and swaps the catalog in; the last good one stays when that fails. */
  refreshCatalog(call: CallInfo): Promise<RefreshResult> {
    return this.deps.chain.run('RefreshCatalog', call, 'rate_limited', async () => {
      const refresh = this.deps.refreshCatalog;
      if (!refresh)
        throw new RouterError('failed_precondition', 'the catalog is not live (catalog.live: false): it is the config', { type: 'invalid_request_error' });
      return refresh();
    });
  }

  /** One budget by name, or (name '') every budget that applies to the caller: see readBudgets for who sees what. */
  getBudget(call: CallInfo, name: string): Promise<BudgetStatus[]> {
    return this.deps.chain.run('GetBudget', call, 'unlimited', (obs) => readBudgets(this.deps.budgets, obs.caller, name));
  }

  /** Reports a call its transport refused before it reached the router, so every call has its log line and count. */
  refused(rpc: string, call: CallInfo, err: unknown): void {
    this.deps.chain.refused(rpc, call, err);
  }

  /** Each platform client (key or region) and whether it can serve: the readiness detail. */
  platforms(): { platform: string; key: string; ready: boolean; reason?: string }[] {
    return this.deps.deployments.fleet.groups.map((g) => ({
      platform: g.platform,
      key: g.key,
      ready: g.unavailable === undefined,
      ...(g.unavailable ? { reason: g.unavailable } : {}),
    }));
  }

  /** Each model's circuit, for per-model health: the models of the moment, their state, and every change. */
  get circuits(): Circuits {
    const { breakers, catalog } = this.deps;
    return {
      modelIds: () => catalog.current.models.map((m) => m.id),
      state: (id) => this.circuitState(id),
      deploymentIds: (modelId) => {
        const model = catalog.current.find(modelId);
        return model ? this.deploymentsOf(model).map((d) => d.id) : [];
      },
      onTransition: (listener) => breakers.onTransition(listener),
      onModelsChange: (listener) => catalog.onChange(() => listener()),
    };
  }

  private view(model: CatalogModel): ModelView {
    const deployments = this.deploymentsOf(model).map((deployment) => ({ deployment, circuitState: this.deps.breakers.state(deployment.id) }));
    return { model, circuitState: deployments.length === 0 ? 'open' : this.deps.breakers.state(model.id), deployments };
  }

  /** A deployment's circuit, or a model's: open when no deployment of it can be called at all (no platform has it). */
  private circuitState(id: string): CircuitState {
    const model = this.deps.catalog.current.find(id);
    if (model?.id === id && this.deploymentsOf(model).length === 0) return 'open';
    return this.deps.breakers.state(id);
  }

  /** A model's deployments, each with its breaker (so the model's state counts every one of them). */
  private deploymentsOf(model: CatalogModel): readonly Deployment[] {
    const deployments = this.deps.deployments.fleet.deploymentsFor(model);
    for (const d of deployments) this.deps.breakers.get(d.id, d.model);
    return deployments;
  }

  /** `dryRun` (Route, CountTokens): nothing billed is called for the task, a model classifier's kept answer at most. */
  private async prepare(decode: Decode, obs: Observation, call: CallInfo, dryRun = false): Promise<Prepared> {
    const valid = validateRequest(decode(), this.deps.policy, this.deps.limits, this.deps.inferrer);
    const model = this.deps.llmClassifier;
    const request = model?.wants(valid.inference) ? await model.refine(valid, call.signal, !dryRun) : valid;
    obs.task = request.task;
    obs.inference = request.inference;
    obs.labels = request.routing.labels;
    obs.params = request.params;
    const plan = this.deps.planner.plan(request, obs.caller.permissions);
    if (this.deps.guards.length > 0) await admitAll(this.deps.guards, guardedCall(obs, request, plan, !dryRun), obs);
    const key = this.cacheKeyFor(request, plan, obs.caller.id);
    obs.cacheable = key !== undefined;
    return { request, plan, key };
  }

  private cacheKeyFor(request: ValidRequest, plan: RoutePlan, caller: string): string | undefined {
    if (!this.deps.cache?.accepts(request.routing.cache, request.params.temperature)) return undefined;
    const maxTokens = effectiveMaxTokens(request, plan.primary, this.deps.adapt.defaultMaxTokens);
    const chain = [plan.primary.id, ...plan.fallbacks.map((m) => m.id)];
    return cacheKey({ chain, params: request.params, maxTokens, betas: request.betas }, caller);
  }

  private async *streamAnswer(decode: Decode, call: CallInfo, obs: Observation): AsyncGenerator<CoreEvent> {
    const { request, plan, key } = await this.prepare(decode, obs, call);
    const cache = this.deps.cache;
    if (key && cache && request.routing.cache !== 'refresh') {
      const hit = await inSpan('modelrouter.cache.lookup', obs.trace, () => cache.get(key));
      if (hit) {
        obs.result = fromCache(hit, plan);
        yield {
          type: 'routed',
          task: plan.task,
          taskInferred: plan.taskInferred,
          model: hit.message.model,
          cached: true,
          fallback: hit.fallback,
          attempts: [],
        };
        yield* messageToEvents(hit.message, REPLAY_CHUNK_CHARS);
        yield { type: 'done', result: obs.result };
        return;
      }
    }
    const attempts: AttemptRecord[] = [];
    const placement: { deployment?: Deployment } = {};
    const execution = yield* announced(runAttempts(this.deps, { request, plan, key }, call, obs, true, attempts, true, placement), (model) => ({
      type: 'routed',
      task: plan.task,
      taskInferred: plan.taskInferred,
      model,
      cached: false,
      fallback: model !== plan.primary.id,
      attempts: [...attempts],
      provider: placement.deployment?.platform,
      deployment: placement.deployment?.id,
    }));
    if (key && cache) cache.put(key, execution.message, execution.fallback);
    obs.result = fromExecution(execution, plan);
    yield { type: 'done', result: obs.result };
  }
}

import { z } from 'zod';
import { nonNegativeInt, positiveInt } from './fields';
import { providersSchema } from './providersSchema';
import { budgetsSchema } from './budgetsSchema';
import { fleetSchema, rateLimitsSchema } from './fleetSchema';
import { catalogSchema, lifecycleSchema, modelOverrideSchema, modelSchema, pricingSchema } from './modelSchema';

const breakerSchema = z
  .object({
    error_threshold_percent: z.number().gt(0).lte(100),
    volume_threshold: positiveInt,
    reset_timeout_ms: positiveInt,
    rolling_window_ms: positiveInt,
    rolling_buckets: positiveInt,
    /** Open after this many failures in a row, whatever the window holds; 0 turns it off. */
    consecutive_failures: nonNegativeInt.default(5),
  })
  .strict();

const retrySchema = z
  .object({
    max_retries_per_model: nonNegativeInt.max(5),
    base_delay_ms: nonNegativeInt,
    max_delay_ms: nonNegativeInt,
    budget_percent: z.number().min(0).max(100),
    budget_min_retries: nonNegativeInt,
    budget_window_ms: positiveInt,
  })
  .strict();

const redisSchema = z
  .object({
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
    cluster: z
      .object({ nodes: z.array(z.string().regex(/^[^:]+:\d+$/, 'expected host:port')).min(1) })
      .strict()
      .optional(),
    sentinel: z
      .object({
        name: z.string().min(1),
        sentinels: z.array(z.object({ host: z.string().min(1), port: positiveInt }).strict()).min(1),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
    command_timeout_ms: positiveInt,
    connect_timeout_ms: positiveInt,
    lock_ttl_ms: positiveInt,
    /** Omitted: a replica waits for another's fill up to its caller's deadline; 0: it does not wait. */
    lock_wait_ms: nonNegativeInt.optional(),
    /** Each replica's copies of entries it read or wrote lately, served without a round trip; ttl_seconds 0: none. */
    local_copies: z
      .object({ max_bytes: positiveInt.default(16_777_216), ttl_seconds: nonNegativeInt.max(300).default(10) })
      .strict()
      .default(() => ({ max_bytes: 16_777_216, ttl_seconds: 10 })),
  })
  .strict();

const LLM_CLASSIFIER_DEFAULTS = { model: 'family:haiku', below_confidence: 0.7, timeout_ms: 300, cache_entries: 10_000 };

const llmClassifierSchema = z
  .object({
    /** The model asked (an id, alias or family:<line>): the cheapest one does. */
    model: z.string().min(1).default(LLM_CLASSIFIER_DEFAULTS.model),
    /** hybrid: asked only when the local classifier's confidence is below this. */
    below_confidence: z.number().min(0).max(1).default(LLM_CLASSIFIER_DEFAULTS.below_confidence),
    /** Longer than this, and the local answer stands. */
    timeout_ms: positiveInt.default(LLM_CLASSIFIER_DEFAULTS.timeout_ms),
    /** Answers kept by prompt hash; 0 keeps none. */
    cache_entries: nonNegativeInt.default(LLM_CLASSIFIER_DEFAULTS.cache_entries),
  })
  .strict()
  .default(() => ({ ...LLM_CLASSIFIER_DEFAULTS }));

const routingSchema = z
  .object({
    /** Route an input over a model's context window to a model that takes 1M tokens with the beta. */
    long_context: z.boolean().default(true),
    /** A request without a task (or with `auto`) is classified into one of `inferable_tasks`. */
    infer_task: z.boolean().default(true),
    /** Omitted: every class the classifier knows that is also a policy task (simple_qa, code_generation, complex_reasoning). */
    inferable_tasks: z.array(z.string().min(1)).optional(),
    /** Below this classifier confidence the request goes to the default task. */
    infer_min_confidence: z.number().min(0).max(1).default(0.5),
    /** The trained classifier, relative to the package root or absolute (make train-classifier writes it). */
    classifier_file: z.string().min(1).default('models/task-classifier.json'),
    /** provider_first: the same model on another platform before a weaker model; model_first: the other way round. */
    fallback_order: z.enum(['provider_first', 'model_first']).default('provider_first'),
    /** local: the in-process classifier only; hybrid: ask a model when it is unsure; llm: ask a model every time. */
    classifier: z.enum(['local', 'llm', 'hybrid']).default('local'),
    llm_classifier: llmClassifierSchema,
  })
  .strict()
  .default(() => ({
    long_context: true,
    infer_task: true,
    infer_min_confidence: 0.5,
    classifier_file: 'models/task-classifier.json',
    classifier: 'local' as const,
    llm_classifier: { ...LLM_CLASSIFIER_DEFAULTS },
    fallback_order: 'provider_first' as const,
  }));

const tlsSchema = z
  .object({
    cert_file: z.string().min(1),
    key_file: z.string().min(1),
    /** When set, callers must present a certificate signed by this CA (mTLS). */
    client_ca_file: z.string().min(1).optional(),
  })
  .strict();

const callerSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, dots, dashes or underscores'),
    token_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the lower-case hex SHA-256 of the token'),
    tasks: z.array(z.string().min(1)).optional(),
    models: z.array(z.string().min(1)).optional(),
    requests_per_second: z.number().positive().optional(),
    burst: positiveInt.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        grpc_port: z.int().min(0).max(65535),
        host: z.string().min(1).default('0.0.0.0'),
        shutdown_grace_ms: nonNegativeInt,
        tls: tlsSchema.optional(),
      })
      .strict(),
    http: z
      .object({
        /** The Anthropic-compatible HTTP door beside gRPC (POST /v1/messages, GET /v1/models, ...). */
        enabled: z.boolean().default(true),
        port: z.int().min(0).max(65535).default(8080),
        host: z.string().min(1).default('0.0.0.0'),
        /** A stream idle this long gets an `event: ping`, as Anthropic sends them. */
        ping_interval_ms: positiveInt.default(10_000),
      })
      .strict()
      .default({ enabled: true, port: 8080, host: '0.0.0.0', ping_interval_ms: 10_000 }),
    limits: z
      .object({
        /** The whole request, refused while it arrives (Anthropic's own limit is 32 MiB). */
        max_request_bytes: positiveInt.default(32 * 1024 * 1024),
        max_images: positiveInt.default(100),
        max_image_bytes: positiveInt.default(5 * 1024 * 1024),
        max_messages: positiveInt.default(10_000),
        max_stop_sequences: positiveInt.default(256),
        max_tools: positiveInt.default(1_000),
      })
      .strict()
      .default({
        max_request_bytes: 32 * 1024 * 1024,
        max_images: 100,
        max_image_bytes: 5 * 1024 * 1024,
        max_messages: 10_000,
        max_stop_sequences: 256,
        max_tools: 1_000,
      }),
    routing: routingSchema,
    metrics: z
      .object({
        port: z.int().min(0).max(65535),
        host: z.string().min(1).default('0.0.0.0'),
        /** Node runtime metrics (prom-client's defaults: event-loop lag, GC, heap, handles). */
        runtime: z.boolean().default(true),
        /** Request labels (e.g. team) that cost and tokens are also counted by; values past max_label_values become `other`. */
        cost_labels: z
          .array(z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'expected a lower-case label name'))
          .max(8)
          .default([]),
        max_label_values: positiveInt.max(10_000).default(200),
      })
      .strict()
      .default(() => ({ port: 9464, host: '0.0.0.0', runtime: true, cost_labels: [], max_label_values: 200 })),
    /** Per caller and per (caller, task), across the fleet: RESOURCE_EXHAUSTED with retry-after past them. */
    rate_limits: rateLimitsSchema,
    budgets: budgetsSchema,
    fleet: fleetSchema,
    auth: z
      .object({ callers: z.array(callerSchema).default([]) })
      .strict()
      .default({ callers: [] }),
    errors: z
      .object({
        /** Give callers upstream's own error text (it can carry request ids, organisation hints or their input). */
        passthrough_upstream_messages: z.boolean().default(false),
      })
      .strict()
      .default({ passthrough_upstream_messages: false }),
    logging: z
      .object({ level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    providers: providersSchema,
    /** Before saying SERVING, the hot paths of both doors run on a router of their own against the simulator on loopback (src/warmup.ts). */
    warmup: z
      .object({ enabled: z.boolean().default(true), rounds: positiveInt.default(400), max_ms: positiveInt.default(2_000) })
      .strict()
      .default(() => ({ enabled: true, rounds: 400, max_ms: 2_000 })),
    /**
     * V8's old-space growth step after each full GC, in percent. 0 (the default) leaves it to V8, which under load
     * lets the heap grow to about four times the live heap between full GCs; 20 keeps RSS near the live heap at the
     * price of more frequent full GCs (bench/RESULTS.md has both sides measured). It never caps the heap.
     * idle_gc_after_ms: once the event loop has been idle that long and RSS has grown by idle_gc_min_growth_mb since
     * the last collection, full GCs give the pages back to the OS (src/runtime/idleCollector.ts); 0: never.
     */
    runtime: z
      .object({
        heap_growing_percent: z.number().int().min(0).max(400).default(0),
        idle_gc_after_ms: z.number().int().min(0).max(3_600_000).default(30_000),
        idle_gc_min_growth_mb: z.number().int().min(1).max(65_536).default(16),
      })
      .strict()
      .default(() => ({ heap_growing_percent: 0, idle_gc_after_ms: 30_000, idle_gc_min_growth_mb: 16 })),
    upstream: z
      .object({
        base_url: z.url().optional(),
        timeout_ms: positiveInt,
        default_max_tokens: positiveInt,
        /** An idle connection to upstream is kept this long for reuse, unless upstream's keep-alive hint says otherwise. */
        keep_alive_ms: positiveInt.default(60_000),
        /** No longer applies (idle connections are kept for keep_alive_ms instead): accepted, and a warning at start. */
        max_idle_connections: positiveInt.optional(),
        /**
         * Open connections to each upstream host, at most: calls past it wait for one, and the process never runs out of
         * descriptors on its own pool. An answer streams for as long as it takes, so this is also the most answers
         * in flight upstream per replica; keep it under the descriptor limit (Node raises its soft limit to the hard one).
         */
        max_sockets: positiveInt.default(1024),
        /**
         * Complete streams from upstream too, so its first-token and idle limits and mid-stream rescue work as for
         * StreamComplete. Off: one JSON answer per attempt, guarded only by the deadline share, for less router CPU
         * per miss (bench/RESULTS.md).
         */
        stream_complete: z.boolean().default(true),
      })
      .strict(),
    resilience: z
      .object({
        breaker: breakerSchema,
        retry: retrySchema,
        min_attempt_ms: nonNegativeInt,
        /** An attempt with no content (text, thinking, tool_use) this long is abandoned for the next model. */
        first_token_timeout_ms: positiveInt.default(10_000),
        /** ...plus this much per 20k tokens of estimated input (long prompts take longer to start). */
        first_token_ms_per_20k_input: nonNegativeInt.default(1_000),
        /** task -> first_token_timeout_ms for that task (e.g. a reasoning task that thinks long before it writes). */
        first_token_timeout_by_task: z.record(z.string(), positiveInt).default({}),
        /** A stream silent this long after its first content is treated as cut (pings do not count). */
        stream_idle_timeout_ms: positiveInt.default(10_000),
        /** Rescues (continuation or restart) per stream cut mid-answer. */
        max_stream_rescues: nonNegativeInt.default(1),
      })
      .strict(),
    cache: z
      .object({
        enabled: z.boolean(),
        ttl_seconds: positiveInt,
        fallback_ttl_seconds: positiveInt,
        deterministic_only: z.boolean(),
        max_entry_bytes: positiveInt,
        memory: z.object({ max_entries: positiveInt, max_bytes: positiveInt }).strict(),
        redis: redisSchema,
      })
      .strict(),
    catalog: catalogSchema,
    policy: z
      .object({
        default_task: z.string().min(1),
        tasks: z.record(z.string().regex(/^[a-z0-9_]+$/, 'expected a snake_case task name'), z.array(z.string().min(1)).min(1)),
      })
      .strict(),
    models: z.array(modelSchema).min(1),
  })
  .strict();

export type RouterConfig = z.infer<typeof configSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type ModelOverride = z.infer<typeof modelOverrideSchema>;
export type CatalogConfig = z.infer<typeof catalogSchema>;
export type Lifecycle = z.infer<typeof lifecycleSchema>;
export type PricingConfig = z.infer<typeof pricingSchema>;
export type BreakerConfig = z.infer<typeof breakerSchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
export type RedisConfig = z.infer<typeof redisSchema>;
export type CallerConfig = z.infer<typeof callerSchema>;
export type TlsConfig = z.infer<typeof tlsSchema>;
export type LimitsConfig = RouterConfig['limits'];
export type RoutingConfig = RouterConfig['routing'];

import { z } from 'zod';
import { durationMs, positiveInt, rfc3339 } from './fields';

const price = z.number().nonnegative();

export const pricingSchema = z
  .object({
    input: price,
    output: price,
    cache_write_5m: price,
    cache_write_1h: price,
    cache_read: price,
  })
  .strict();

export const lifecycleSchema = z.enum(['active', 'deprecated', 'retired']);

const modelFields = z
  .object({
    id: z.string().min(1),
    display_name: z.string().min(1),
    family: z.string().regex(/^[a-z0-9-]+$/, 'expected a lower-case family name such as haiku, sonnet or opus'),
    created_at: rfc3339,
    aliases: z.array(z.string().min(1)).default([]),
    context_window: positiveInt,
    max_output_tokens: positiveInt,
    extended_thinking: z.boolean(),
    vision: z.boolean().default(true),
    /** Upstream's lifecycle wins when the catalog is live; `deprecated: true` is the same as lifecycle deprecated. */
    lifecycle: lifecycleSchema.optional(),
    deprecated: z.boolean().default(false),
    deprecated_at: rfc3339.optional(),
    retires_at: rfc3339.optional(),
    forbids_temperature_with_top_p: z.boolean().default(false),
    /** Reads PDF documents. */
    pdf_input: z.boolean().default(true),
    /** Takes a 1M-token context window with the context-1m-2025-08-07 beta. */
    context_1m: z.boolean().default(false),
    /** Prices when the input exceeds 200k tokens (the 1M window); required with context_1m. */
    long_context_pricing: pricingSchema.optional(),
    /** Takes an assistant prefill (continues a final assistant turn): a cut stream can be continued on it. */
    prefill: z.boolean().default(true),
    /** Text editor tool types this model takes, preferred first; empty: none. */
    text_editor: z.array(z.string().regex(/^text_editor_\d{8}$/, 'expected a tool type such as text_editor_20250429')).default([]),
    /** Model-specific betas this model takes; a beta another model lists and this one does not is dropped for it. */
    betas: z.array(z.string().min(1)).default([]),
    bedrock_id: z.string().min(1).optional(),
    vertex_id: z.string().min(1).optional(),
    // Required: a model of the config without a price would make cost_usd silently wrong.
    pricing: pricingSchema,
    /** A platform's own price for this model (Bedrock and Vertex list their own), else `pricing`. */
    provider_pricing: z.object({ bedrock: pricingSchema.optional(), vertex: pricingSchema.optional() }).strict().optional(),
  })
  .strict();

export const modelSchema = modelFields.refine((m) => !m.context_1m || m.long_context_pricing !== undefined, {
  error: 'a model with context_1m needs long_context_pricing',
  path: ['long_context_pricing'],
});

/** Facts that win over what upstream says about a model (logged once when they differ). */
export const modelOverrideSchema = modelFields.omit({ id: true }).partial().strict();

const DEFAULT_TEXT_EDITORS = ['text_editor_20250728', 'text_editor_20250429'];
const catalogDefaults = { text_editor: DEFAULT_TEXT_EDITORS, betas: [], prefill: false };

export const catalogSchema = z
  .object({
    /** Read models, lifecycles, limits and capabilities from the Models API at start-up and every refresh_interval. */
    live: z.boolean().default(true),
    refresh_interval: durationMs.default(3_600_000),
    /** line -> model id: `family:<line>` stays on that model instead of following the newest one. */
    pin: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a model line such as sonnet'), z.string().min(1)).default({}),
    /** model id -> facts that win over upstream's. */
    overrides: z.record(z.string().min(1), modelOverrideSchema).default({}),
    /** What a model listed upstream but absent from the config takes where the API says nothing. */
    defaults: z
      .object({
        text_editor: z.array(z.string().regex(/^text_editor_\d{8}$/)).default(DEFAULT_TEXT_EDITORS),
        betas: z.array(z.string().min(1)).default([]),
        /** Newer models may refuse an assistant prefill: off unless the config says otherwise for the model. */
        prefill: z.boolean().default(false),
      })
      .strict()
      .default(catalogDefaults),
    /** A listing with more models than this is refused as garbage (the last good catalog stays). */
    max_models: positiveInt.default(1000),
  })
  .strict()
  .default({
    live: true,
    refresh_interval: 3_600_000,
    pin: {},
    overrides: {},
    defaults: catalogDefaults,
    max_models: 1000,
  });

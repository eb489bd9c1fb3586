import { z } from 'zod';
import { positiveInt } from './fields';

const name = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, dots, dashes or underscores');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');

const anthropicKeySchema = z
  .object({
    name,
    /** The environment variable that holds the key: keys never live in the config file. */
    api_key_env: envName,
    /** Where this key's calls go (a workspace's gateway); upstream.base_url by default. */
    base_url: z.url().optional(),
    /** Share of the traffic among this platform's healthy keys. */
    weight: z.number().positive().default(1),
    /** Requests and input tokens per minute this key may take; past them the next key is used. */
    rpm: positiveInt.optional(),
    tpm: positiveInt.optional(),
  })
  .strict();

// AWS writes us-east-1, Google us-east5 or europe-west1 (and Vertex has global).
const regionsSchema = z
  .array(z.string().regex(/^(global|[a-z]+(-[a-z]+)*-?\d+)$/, 'expected a region such as us-east-1 or us-east5 (Vertex: or global)'))
  .min(1);

export const providersSchema = z
  .object({
    anthropic: z
      .object({
        enabled: z.boolean().default(true),
        /** Omitted: one key, from ANTHROPIC_API_KEY. */
        keys: z.array(anthropicKeySchema).min(1).optional(),
      })
      .strict()
      .default(() => ({ enabled: true })),
    /** Amazon Bedrock, with credentials from the standard AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first). */
    bedrock: z
      .object({
        regions: regionsSchema,
        /** The SDK's baseURL (default https://bedrock-runtime.<region>.amazonaws.com). */
        base_url: z.url().optional(),
        weight: z.number().positive().default(1),
      })
      .strict()
      .optional(),
    /** Google Vertex AI, with VERTEX_ACCESS_TOKEN or Google application default credentials. */
    vertex: z
      .object({
        project_id: z.string().min(1),
        regions: regionsSchema,
        /** The SDK's baseURL: the `.../v1` root under which projects/<p>/locations/<r>/publishers/anthropic lives. */
        base_url: z.url().optional(),
        weight: z.number().positive().default(1),
      })
      .strict()
      .optional(),
  })
  .strict()
  // A factory: a shared default object would carry one parse's changes into the next.
  .default(() => ({ anthropic: { enabled: true } }));

export type ProvidersConfig = z.infer<typeof providersSchema>;
export type AnthropicKeyConfig = z.infer<typeof anthropicKeySchema>;

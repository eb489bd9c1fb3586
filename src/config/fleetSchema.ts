import { z } from 'zod';
import { positiveInt } from './fields';

/** State the replicas share through Redis (cache.redis's connection: REDIS_URL, a cluster or a sentinel). */
export const fleetSchema = z
  .object({
    /** Every fleet-wide key and channel starts with it: two routers sharing one Redis keep apart with their own. */
    key_prefix: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'expected 1-64 letters, digits or : _ . -')
      .default('modelrouter:'),
    /** A breaker one replica opens opens on every replica, and one half-open probe goes out for the whole fleet. */
    shared_breakers: z.boolean().default(true),
  })
  .strict()
  .default(() => ({ key_prefix: 'modelrouter:', shared_breakers: true }));

/**
 * Limits counted across the fleet in a sliding one-minute window (each replica counts alone while Redis is down).
 * `caller: '*'` gives every caller a window of its own; `task` narrows a limit to one task (its own window).
 */
export const rateLimitSchema = z
  .object({
    caller: z.string().regex(/^(\*|[A-Za-z0-9._-]{1,64})$/, "expected a caller id or '*'"),
    task: z.string().min(1).optional(),
    requests_per_minute: positiveInt.optional(),
    tokens_per_minute: positiveInt.optional(),
  })
  .strict()
  .refine((limit) => limit.requests_per_minute !== undefined || limit.tokens_per_minute !== undefined, {
    error: 'expected requests_per_minute, tokens_per_minute or both',
  });

export const rateLimitsSchema = z.array(rateLimitSchema).default([]);

export type FleetConfig = z.infer<typeof fleetSchema>;
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;

/**
 * What the schema alone cannot see: a caller `auth.callers` lacks, a task the policy lacks (a typo would limit
 * nothing), and two limits on one (caller, task) (which one would hold?).
 */
export function rateLimitProblems(limits: readonly RateLimitConfig[], callerIds: readonly string[], tasks: readonly string[], anonymous: string): string[] {
  const known = callerIds.length > 0 ? callerIds : [anonymous];
  const seen = new Set<string>();
  return limits.flatMap((limit, i) => {
    const problems: string[] = [];
    if (limit.caller !== '*' && !known.includes(limit.caller)) {
      const who = callerIds.length > 0 ? known.join(', ') : `auth is off: every call is '${anonymous}'`;
      problems.push(`rate_limits[${i}].caller: '${limit.caller}' is not a caller of auth.callers (${who})`);
    }
    if (limit.task !== undefined && !tasks.includes(limit.task)) problems.push(`rate_limits[${i}].task: '${limit.task}' is not a task of policy.tasks`);
    const scope = `${limit.caller}\u0000${limit.task ?? ''}`;
    if (seen.has(scope)) problems.push(`rate_limits[${i}]: another limit has the same caller and task; put both figures in one`);
    seen.add(scope);
    return problems;
  });
}

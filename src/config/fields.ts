import { z } from 'zod';

/** Field types the config's schemas share. */
export const positiveInt = z.int().positive();
export const nonNegativeInt = z.int().nonnegative();

export const rfc3339 = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'expected an RFC 3339 date-time' });

/** A duration as milliseconds, or a string such as 90s, 30m, 1h. */
export const durationMs = z.union([
  positiveInt,
  z
    .string()
    .regex(/^[1-9]\d*(ms|s|m|h)?$/, 'expected milliseconds or a duration such as 90s, 30m, 1h')
    .transform((s) => {
      const [, n, unit = 'ms'] = /^(\d+)(ms|s|m|h)?$/.exec(s) ?? [];
      return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
    }),
]);

/** Why the router aborted an upstream attempt; set as its AbortSignal's reason, read by the provider's classifier. */
export type AbortCause = 'cancelled' | 'deadline' | 'attempt_timeout';

/**
 * Why the router aborted an upstream attempt; set as its AbortSignal's reason, read by the provider's classifier.
 * The caller's own cancel and deadline blame nobody; the three limits blame the model.
 */
export type AbortCause = 'cancelled' | 'deadline' | 'first_token_timeout' | 'idle_timeout' | 'attempt_budget';

import type Anthropic from '@anthropic-ai/sdk';
import type { CancelSource } from '../../util/lazyAbort';

/**
 * The attempt's cancel rides to the transport in the fetch init under a key of its own, not as a `signal` option
 * of the SDK's. Given a signal, the SDK registers the answer's body with a FinalizationRegistry as a backstop for
 * a body nobody reads to the end, and V8's scavenger keeps registered objects: every streamed answer's transport
 * objects then outlived the young generation, about half the router's GC per miss (bench/RESULTS.md). The transport
 * answers to both signals: the SDK's own (its timeout, a stream it closes) and the attempt's.
 */
const ATTEMPT_SIGNAL = Symbol('modelrouter.attemptSignal');

type WithAttemptSignal = RequestInit & { [ATTEMPT_SIGNAL]?: CancelSource };

/** The SDK request option that carries the attempt's signal to the transport (the SDK spreads it into fetch's init). */
export function attemptFetchOptions(signal: CancelSource): NonNullable<Anthropic.RequestOptions['fetchOptions']> {
  const init: NonNullable<Anthropic.RequestOptions['fetchOptions']> = {};
  (init as WithAttemptSignal)[ATTEMPT_SIGNAL] = signal;
  return init;
}

/** The signal a request answers to: the SDK's and the attempt's, when both are there. */
export function requestSignal(init: RequestInit): EitherSignal | AbortSignal | undefined {
  const attempt = (init as WithAttemptSignal)[ATTEMPT_SIGNAL];
  const sdk = init.signal ?? undefined;
  if (!attempt) return sdk;
  return sdk ? new EitherSignal(sdk, attempt) : attempt.signal;
}

/**
 * Node's own fetch, given the attempt's signal the standard way: the SDK's transport for a client built without the
 * router's, and the router's for what it does not carry itself.
 */
export const builtinFetch: typeof fetch = (input, init) => {
  const attempt = init ? (init as WithAttemptSignal)[ATTEMPT_SIGNAL] : undefined;
  if (!init || !attempt) return fetch(input, init);
  return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, attempt.signal]) : attempt.signal });
};

/**
 * Aborted when either is: what undici's request API takes for a signal (addEventListener, removeEventListener,
 * aborted, reason). It takes one listener, called once, from the SDK's signal or the attempt's cancel, whichever first.
 */
export class EitherSignal {
  private wrapped: (() => void) | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    readonly sdk: AbortSignal,
    readonly attempt: CancelSource,
  ) {}

  get aborted(): boolean {
    return this.sdk.aborted || this.attempt.aborted;
  }

  /** The SDK's reason, or the AbortError the SDK's own abort would have given (the attempt's cause stays on its cancel). */
  get reason(): unknown {
    const sdkReason: unknown = this.sdk.aborted ? this.sdk.reason : undefined;
    return sdkReason ?? new DOMException('This operation was aborted', 'AbortError');
  }

  addEventListener(type: 'abort', listener: () => void): void {
    let fired = false;
    const once = (): void => {
      if (fired) return;
      fired = true;
      listener();
    };
    this.wrapped = once;
    this.sdk.addEventListener(type, once, { once: true });
    this.unlisten = this.attempt.onAbort(once);
  }

  removeEventListener(type: 'abort'): void {
    if (this.wrapped) this.sdk.removeEventListener(type, this.wrapped);
    this.unlisten?.();
    this.wrapped = undefined;
    this.unlisten = undefined;
  }
}

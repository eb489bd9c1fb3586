/**
 * An AbortSignal made only when something asks for it: Node 20's AbortController costs about 4 µs to make, and a
 * call served from the cache never looks at its signal. An abort that came first is kept and shows on the signal
 * as soon as it is made.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private aborted = false;
  private reason: unknown;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { BreakerConfig } from '../config/schema';

export type CircuitState = 'closed' | 'open' | 'half_open';

/** `fleet`: another replica's breaker changed and this one followed; `local`: this replica's own calls decided. */
export type TransitionSource = 'local' | 'fleet';

type Outcome = { ok: true } | { ok: false; error: unknown };

/** Leave to settle exactly once: success, failure, or release (neither). */
export interface Admission {
  /** True when this call is the half-open probe. */
  readonly probe: boolean;
  success(): void;
  /** Resolves once opossum has taken the failure in (and opened, if it should): await it before retrying. */
  failure(error: unknown): Promise<void>;
  /** The call ended for a reason that says nothing about the model (a 400, the caller's cancel or deadline). */
  release(): void;
}

/**
 * A circuit breaker for one model, built on opossum.
 *
 * opossum keeps the rolling window, the thresholds and the open -> half-open -> closed timers. The upstream
 * call does not run inside `fire()`, because opossum has no neutral outcome: an error excluded by errorFilter
 * counts as a success and closes a half-open breaker. So admission reads opossum's state (and lets one probe
 * through when half-open), and once the call has ended its outcome is replayed into opossum with `fire()`, or
 * not at all when it says nothing about the model. opossum's own timeout is off: deadlines are per call
 * (a breaker-wide timeout would not stop the call, and its shared AbortController would abort every call).
 *
 * The rolling window is rotated by the registry's one timer, and cleared when the breaker closes: the failures
 * that opened it must not count again right after a successful probe. Besides opossum's rate rule, the breaker
 * opens after `consecutive_failures` failures in a row: under load a window full of earlier successes would
 * otherwise keep sending traffic to a dead model for seconds.
 */
export class ModelBreaker {
  private readonly breaker: CircuitBreaker<[Outcome], void>;
  private probeInFlight = false;
  private consecutiveFailures = 0;
  /** Bumped each time the breaker opens: a call admitted before then has nothing to say about the model now. */
  private generation = 0;
  private readonly rotation = new EventEmitter();
  /** Who is changing the state right now: read by the transition listeners, synchronously. */
  private source: TransitionSource = 'local';
  /** Whether this replica may send the half-open probe (one probe for the whole fleet); always, alone. */
  private probeGate: () => boolean = () => true;

  constructor(
    readonly modelId: string,
    private readonly config: BreakerConfig,
  ) {
    this.breaker = new CircuitBreaker<[Outcome], void>(
      // eslint-disable-next-line @typescript-eslint/require-await -- opossum takes a promise; the outcome is replayed, not run
      async (outcome: Outcome) => {
        if (!outcome.ok) throw outcome.error;
      },
      {
        name: modelId,
        timeout: false,
        errorThresholdPercentage: config.error_threshold_percent,
        volumeThreshold: config.volume_threshold,
        resetTimeout: config.reset_timeout_ms,
        rollingCountTimeout: config.rolling_window_ms,
        rollingCountBuckets: config.rolling_buckets,
        enableSnapshots: false,
        rotateBucketController: this.rotation,
      },
    );
    this.breaker.on('open', () => {
      this.consecutiveFailures = 0;
      this.generation += 1;
    });
    this.breaker.on('close', () => {
      for (let i = 0; i < this.config.rolling_buckets; i++) this.rotate();
    });
  }

  private tripOnStreak(): void {
    const limit = this.config.consecutive_failures;
    if (limit > 0 && this.consecutiveFailures >= limit && this.breaker.closed) this.breaker.open();
  }

  /** Moves the rolling window on by one bucket. */
  rotate(): void {
    this.rotation.emit('rotate');
  }

  get state(): CircuitState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half_open';
    return 'closed';
  }

  /** Rolling-window counts, for tests and metrics. */
  get stats(): { fires: number; failures: number; successes: number } {
    const { fires, failures, successes } = this.breaker.stats;
    return { fires, failures, successes };
  }

  onTransition(listener: (state: CircuitState, source: TransitionSource) => void): void {
    this.breaker.on('open', () => listener('open', this.source));
    this.breaker.on('halfOpen', () => listener('half_open', this.source));
    this.breaker.on('close', () => listener('closed', this.source));
  }

  setProbeGate(gate: () => boolean): void {
    this.probeGate = gate;
  }

  /**
   * Another replica opened this deployment's breaker, or its half-open probe succeeded: follow it. A probe of this
   * replica's own in flight decides for itself.
   */
  follow(state: 'open' | 'closed'): void {
    if (this.probeInFlight || (state === 'open' ? this.breaker.opened : this.breaker.closed)) return;
    this.source = 'fleet';
    try {
      if (state === 'open') this.breaker.open();
      else this.breaker.close();
    } finally {
      this.source = 'local';
    }
  }

  /** An admission to call the model, or undefined when the breaker is open (or half-open with its probe out). */
  tryAcquire(): Admission | undefined {
    if (this.breaker.opened) return undefined;
    const probe = this.breaker.halfOpen;
    if (probe) {
      if (this.probeInFlight || !this.probeGate()) return undefined;
      this.probeInFlight = true;
    }
    const admittedIn = this.generation;
    let settled: Promise<void> | undefined;
    const settle = (result: Outcome | undefined): Promise<void> => {
      if (settled) return settled;
      // A late result from before the last opening must not take the half-open probe's place.
      const outcome = admittedIn === this.generation ? result : undefined;
      if (outcome) this.consecutiveFailures = outcome.ok ? 0 : this.consecutiveFailures + 1;
      // Rejections here are the replayed failure itself or EOPENBREAKER for a late result: both already handled.
      const replay = outcome ? this.breaker.fire(outcome).then(undefined, () => this.tripOnStreak()) : Promise.resolve();
      // The probe slot frees only once opossum has moved on, or a retry would slip in as a second probe.
      settled = replay.finally(() => {
        if (probe) this.probeInFlight = false;
      });
      return settled;
    };
    return {
      probe,
      success: () => void settle({ ok: true }),
      failure: (error) => settle({ ok: false, error }),
      release: () => void settle(undefined),
    };
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

// Original file: proto/modelrouter/v1/model_router.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Attempt is one step of the fallback chain.
 */
export interface Attempt {
  /**
   * Model id tried (or skipped).
   */
  'model'?: (string);
  /**
   * ok | error | skipped_circuit_open | skipped_incapable
   */
  'outcome'?: (string);
  /**
   * Why it failed or was skipped; empty when ok.
   */
  'error'?: (string);
  /**
   * Time spent on this step.
   */
  'latency_ms'?: (number | string | Long);
}

/**
 * Attempt is one step of the fallback chain.
 */
export interface Attempt__Output {
  /**
   * Model id tried (or skipped).
   */
  'model': (string);
  /**
   * ok | error | skipped_circuit_open | skipped_incapable
   */
  'outcome': (string);
  /**
   * Why it failed or was skipped; empty when ok.
   */
  'error': (string);
  /**
   * Time spent on this step.
   */
  'latency_ms': (string);
}

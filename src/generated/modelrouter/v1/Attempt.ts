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
   * ok | continued (the call that continued an answer cut mid-stream) | error | skipped_circuit_open |
   * skipped_incapable | skipped_retired
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
  /**
   * The platform called: anthropic | bedrock | vertex (empty for a step skipped before any platform was chosen).
   */
  'provider'?: (string);
  /**
   * The deployment called: <model>@<provider>[:<key name or region>].
   */
  'deployment'?: (string);
  /**
   * The model is deprecated upstream (headed for retirement); it still answered. (Field 5 until provider fallback.)
   */
  'deprecated'?: (boolean);
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
   * ok | continued (the call that continued an answer cut mid-stream) | error | skipped_circuit_open |
   * skipped_incapable | skipped_retired
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
  /**
   * The platform called: anthropic | bedrock | vertex (empty for a step skipped before any platform was chosen).
   */
  'provider': (string);
  /**
   * The deployment called: <model>@<provider>[:<key name or region>].
   */
  'deployment': (string);
  /**
   * The model is deprecated upstream (headed for retirement); it still answered. (Field 5 until provider fallback.)
   */
  'deprecated': (boolean);
}

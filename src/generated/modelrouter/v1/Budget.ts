// Original file: proto/modelrouter/v1/model_router.proto


/**
 * Budget is one spend budget (USD per UTC day or month) in its current period.
 */
export interface Budget {
  /**
   * The budget's name, as in metrics (`budget` label) and budget_exceeded errors.
   */
  'name'?: (string);
  /**
   * What it counts: "caller:<id>" or "label:<key>=<value>".
   */
  'scope'?: (string);
  /**
   * "day" or "month" (UTC).
   */
  'period'?: (string);
  /**
   * The budget for the period, USD.
   */
  'limit_usd'?: (number | string);
  /**
   * Spent so far this period, USD (computed cost of each call; cache hits cost nothing).
   */
  'spent_usd'?: (number | string);
  /**
   * What is left, USD (0 once spent).
   */
  'remaining_usd'?: (number | string);
  /**
   * spent_usd / limit_usd: calls are refused from 1.
   */
  'used_ratio'?: (number | string);
  /**
   * When the period ends and the budget starts again, RFC 3339 UTC.
   */
  'resets_at'?: (string);
  /**
   * True: the whole fleet's spend (from Redis). False: this replica's own figure (Redis down or not configured).
   */
  'fleet_wide'?: (boolean);
}

/**
 * Budget is one spend budget (USD per UTC day or month) in its current period.
 */
export interface Budget__Output {
  /**
   * The budget's name, as in metrics (`budget` label) and budget_exceeded errors.
   */
  'name': (string);
  /**
   * What it counts: "caller:<id>" or "label:<key>=<value>".
   */
  'scope': (string);
  /**
   * "day" or "month" (UTC).
   */
  'period': (string);
  /**
   * The budget for the period, USD.
   */
  'limit_usd': (number);
  /**
   * Spent so far this period, USD (computed cost of each call; cache hits cost nothing).
   */
  'spent_usd': (number);
  /**
   * What is left, USD (0 once spent).
   */
  'remaining_usd': (number);
  /**
   * spent_usd / limit_usd: calls are refused from 1.
   */
  'used_ratio': (number);
  /**
   * When the period ends and the budget starts again, RFC 3339 UTC.
   */
  'resets_at': (string);
  /**
   * True: the whole fleet's spend (from Redis). False: this replica's own figure (Redis down or not configured).
   */
  'fleet_wide': (boolean);
}

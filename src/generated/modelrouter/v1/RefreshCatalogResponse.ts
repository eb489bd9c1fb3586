// Original file: proto/modelrouter/v1/model_router.proto


/**
 * RefreshCatalogResponse says how the refresh went.
 */
export interface RefreshCatalogResponse {
  /**
   * "ok" or "error" (the last good catalog stays).
   */
  'outcome'?: (string);
  /**
   * Models in the catalog after the refresh.
   */
  'models'?: (number);
  /**
   * Entries of the listing that were not models, skipped.
   */
  'skipped'?: (number);
  /**
   * What changed, e.g. "added claude-sonnet-5 (active)", "claude-sonnet-4-5-20250929: active -> deprecated".
   */
  'changes'?: (string)[];
  /**
   * Why it failed, when it did.
   */
  'error'?: (string);
}

/**
 * RefreshCatalogResponse says how the refresh went.
 */
export interface RefreshCatalogResponse__Output {
  /**
   * "ok" or "error" (the last good catalog stays).
   */
  'outcome': (string);
  /**
   * Models in the catalog after the refresh.
   */
  'models': (number);
  /**
   * Entries of the listing that were not models, skipped.
   */
  'skipped': (number);
  /**
   * What changed, e.g. "added claude-sonnet-5 (active)", "claude-sonnet-4-5-20250929: active -> deprecated".
   */
  'changes': (string)[];
  /**
   * Why it failed, when it did.
   */
  'error': (string);
}

// Original file: proto/modelrouter/v1/model_router.proto

/**
 * CacheMode says how a request uses the response cache.
 */
export const CacheMode = {
  /**
   * Read and write the cache as configured.
   */
  CACHE_MODE_UNSPECIFIED: 'CACHE_MODE_UNSPECIFIED',
  /**
   * Neither read nor write the cache.
   */
  CACHE_MODE_BYPASS: 'CACHE_MODE_BYPASS',
  /**
   * Skip the read, call upstream, and overwrite the entry.
   */
  CACHE_MODE_REFRESH: 'CACHE_MODE_REFRESH',
} as const;

/**
 * CacheMode says how a request uses the response cache.
 */
export type CacheMode =
  /**
   * Read and write the cache as configured.
   */
  | 'CACHE_MODE_UNSPECIFIED'
  | 0
  /**
   * Neither read nor write the cache.
   */
  | 'CACHE_MODE_BYPASS'
  | 1
  /**
   * Skip the read, call upstream, and overwrite the entry.
   */
  | 'CACHE_MODE_REFRESH'
  | 2

/**
 * CacheMode says how a request uses the response cache.
 */
export type CacheMode__Output = typeof CacheMode[keyof typeof CacheMode]

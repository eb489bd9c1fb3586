// Original file: proto/modelrouter/v1/model_router.proto


/**
 * RefreshCatalogRequest asks for a catalog refresh now.
 */
export interface RefreshCatalogRequest {
}

/**
 * RefreshCatalogRequest asks for a catalog refresh now.
 */
export interface RefreshCatalogRequest__Output {
}

// Original file: proto/modelrouter/v1/model_router.proto


/**
 * Deployment is one place a model is called: a platform and one of its keys or regions.
 */
export interface Deployment {
  /**
   * <model>@<provider>[:<key name or region>]; its grpc.health.v1 service is modelrouter.v1.ModelRouter/<id>.
   */
  'id'?: (string);
  /**
   * anthropic | bedrock | vertex
   */
  'provider'?: (string);
  /**
   * The Anthropic key's name, or the Bedrock or Vertex region.
   */
  'key'?: (string);
  /**
   * The id the platform knows the model by.
   */
  'platform_model'?: (string);
  /**
   * closed | open | half_open
   */
  'circuit_state'?: (string);
  /**
   * Share of the traffic among the platform's healthy deployments.
   */
  'weight'?: (number | string);
}

/**
 * Deployment is one place a model is called: a platform and one of its keys or regions.
 */
export interface Deployment__Output {
  /**
   * <model>@<provider>[:<key name or region>]; its grpc.health.v1 service is modelrouter.v1.ModelRouter/<id>.
   */
  'id': (string);
  /**
   * anthropic | bedrock | vertex
   */
  'provider': (string);
  /**
   * The Anthropic key's name, or the Bedrock or Vertex region.
   */
  'key': (string);
  /**
   * The id the platform knows the model by.
   */
  'platform_model': (string);
  /**
   * closed | open | half_open
   */
  'circuit_state': (string);
  /**
   * Share of the traffic among the platform's healthy deployments.
   */
  'weight': (number);
}

import type { Model } from '../../generated/modelrouter/v1/Model';
import type { ModelView } from '../../core/router';
import { toStruct } from './struct';

export function modelToProto({ model, circuitState, deployments }: ModelView): Model {
  const { pricing } = model;
  return {
    id: model.id,
    type: 'model',
    display_name: model.display_name,
    created_at: new Date(model.created_at).toISOString().replace('.000Z', 'Z'),
    aliases: [...model.aliases],
    family: model.family,
    context_window: model.context_window,
    max_output_tokens: model.max_output_tokens,
    extended_thinking: model.extended_thinking,
    circuit_state: circuitState,
    pricing: {
      input_per_mtok: pricing.input,
      output_per_mtok: pricing.output,
      cache_write_5m_per_mtok: pricing.cache_write_5m,
      cache_write_1h_per_mtok: pricing.cache_write_1h,
      cache_read_per_mtok: pricing.cache_read,
    },
    vision: model.vision,
    deprecated: model.deprecated,
    retires_at: model.retires_at ?? '',
    bedrock_id: model.bedrock_id ?? '',
    vertex_id: model.vertex_id ?? '',
    lifecycle: model.lifecycle,
    line: model.line ?? '',
    deprecated_at: model.deprecated_at ?? '',
    pdf_input: model.pdf_input,
    price_estimated: model.price_estimated,
    ...(model.capabilities ? { capabilities: toStruct(model.capabilities) } : {}),
    deployments: deployments.map(({ deployment, circuitState: state }) => ({
      id: deployment.id,
      provider: deployment.platform,
      key: deployment.key,
      platform_model: deployment.platformModel,
      circuit_state: state,
      weight: deployment.weight,
    })),
  };
}

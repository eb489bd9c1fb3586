import type { FastifyInstance } from 'fastify';
import type { ModelView, Router } from '../../core/router';
import { invalidField } from '../../domain/routerError';
import { httpCallInfo } from './callInfo';

/** Anthropic's ModelInfo, plus the router's own facts about the model as extra fields. */
function modelJson({ model, circuitState }: ModelView): Record<string, unknown> {
  const { pricing } = model;
  return {
    type: 'model',
    id: model.id,
    display_name: model.display_name,
    created_at: new Date(model.created_at).toISOString().replace('.000Z', 'Z'),
    aliases: model.aliases,
    family: model.family,
    context_window: model.context_window,
    max_output_tokens: model.max_output_tokens,
    extended_thinking: model.extended_thinking,
    vision: model.vision,
    pdf_input: model.pdf_input,
    deprecated: model.deprecated,
    lifecycle: model.lifecycle,
    line: model.line,
    deprecated_at: model.deprecated_at ?? null,
    retires_at: model.retires_at ?? null,
    max_input_tokens: model.context_window,
    max_tokens: model.max_output_tokens,
    ...(model.capabilities ? { capabilities: model.capabilities } : {}),
    price_estimated: model.price_estimated,
    pricing: {
      input_per_mtok: pricing.input,
      output_per_mtok: pricing.output,
      cache_write_5m_per_mtok: pricing.cache_write_5m,
      cache_write_1h_per_mtok: pricing.cache_write_1h,
      cache_read_per_mtok: pricing.cache_read,
    },
    circuit_state: circuitState,
  };
}

interface ListQuery {
  after_id?: string;
  before_id?: string;
  limit?: string;
}

function pageRequest({ after_id = '', before_id = '', limit: raw }: ListQuery): { after_id: string; before_id: string; limit: number } {
  const limit = raw === undefined ? 0 : Number(raw);
  if (!Number.isInteger(limit) || (raw !== undefined && limit < 1)) {
    throw invalidField(['limit'], `must be a whole number between 1 and 1000 (got '${String(raw).slice(0, 20)}')`);
  }
  return { after_id, before_id, limit };
}

/** GET /v1/models (Anthropic's pagination: newest first, after_id / before_id, limit 1..1000) and GET /v1/models/{id}. */
export function registerModels(app: FastifyInstance, router: Router): void {
  app.get<{ Querystring: ListQuery }>('/v1/models', async (request, reply) => {
    const page = await router.listModels(httpCallInfo(request, reply), () => pageRequest(request.query));
    return { data: page.data.map(modelJson), first_id: page.first_id || null, last_id: page.last_id || null, has_more: page.has_more };
  });
  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request, reply) =>
    modelJson(await router.getModel(httpCallInfo(request, reply), request.params.id)),
  );
}

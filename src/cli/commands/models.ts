import type { ListModelsRequest } from '../../generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse__Output } from '../../generated/modelrouter/v1/ListModelsResponse';
import type { RefreshCatalogResponse__Output } from '../../generated/modelrouter/v1/RefreshCatalogResponse';
import { connect, unary } from '../client';
import { messageJson, modelsTable, nextPageHint, refreshSummary } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

export interface ModelsOptions extends CommonOptions {
  limit?: number;
  after?: string;
  before?: string;
  json: boolean;
  /** Read the Models API now (RefreshCatalog) before listing. */
  refresh: boolean;
}

export async function modelsCommand(options: ModelsOptions, io: CliIo): Promise<number> {
  const request: ListModelsRequest = {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.after !== undefined ? { after_id: options.after } : {}),
    ...(options.before !== undefined ? { before_id: options.before } : {}),
  };
  const conn = await connect(options);
  try {
    if (options.refresh) {
      const refreshed = await unary<RefreshCatalogResponse__Output>(conn, (md, o, cb) => conn.client.RefreshCatalog({}, md, o, cb));
      io.stderr.write(refreshSummary(refreshed));
    }
    const page = await unary<ListModelsResponse__Output>(conn, (md, o, cb) => conn.client.ListModels(request, md, o, cb));
    if (options.json) {
      io.stdout.write(messageJson('ListModelsResponse', page));
      return 0;
    }
    io.stdout.write(modelsTable(page.data));
    const hint = nextPageHint(page, options.before !== undefined ? 'before' : 'after', options.limit);
    if (hint) io.stdout.write(hint);
    return 0;
  } finally {
    conn.close();
  }
}

import type { ListModelsRequest } from '../../generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse__Output } from '../../generated/modelrouter/v1/ListModelsResponse';
import { connect, unary } from '../client';
import { modelsTable, nextPageHint, toJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

export interface ModelsOptions extends CommonOptions {
  limit?: number;
  after?: string;
  before?: string;
  json: boolean;
}

export async function modelsCommand(options: ModelsOptions, io: CliIo): Promise<number> {
  const request: ListModelsRequest = {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.after !== undefined ? { after_id: options.after } : {}),
    ...(options.before !== undefined ? { before_id: options.before } : {}),
  };
  const conn = await connect(options.addr, options.deadlineMs);
  try {
    const page = await unary<ListModelsRequest, ListModelsResponse__Output>(conn, conn.client.ListModels, request);
    if (options.json) {
      io.stdout.write(toJson(page));
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

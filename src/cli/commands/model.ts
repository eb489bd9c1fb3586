import type { GetModelRequest } from '../../generated/modelrouter/v1/GetModelRequest';
import type { Model__Output } from '../../generated/modelrouter/v1/Model';
import { connect, unary } from '../client';
import { toJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

export async function modelCommand(options: CommonOptions & { id: string }, io: CliIo): Promise<number> {
  const conn = await connect(options.addr, options.deadlineMs);
  try {
    const model = await unary<GetModelRequest, Model__Output>(conn, conn.client.GetModel, { id: options.id });
    io.stdout.write(toJson(model));
    return 0;
  } finally {
    conn.close();
  }
}

import type { Model__Output } from '../../generated/modelrouter/v1/Model';
import { connect, unary } from '../client';
import { messageJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

/** The model as JSON, with or without --json (the proto's JSON names either way). */
export async function modelCommand(options: CommonOptions & { id: string }, io: CliIo): Promise<number> {
  const conn = await connect(options);
  try {
    const model = await unary<Model__Output>(conn, (md, o, cb) => conn.client.GetModel({ id: options.id }, md, o, cb));
    io.stdout.write(messageJson('Model', model));
    return 0;
  } finally {
    conn.close();
  }
}

import type { CountTokensResponse__Output } from '../../generated/modelrouter/v1/CountTokensResponse';
import { buildRequest } from '../buildRequest';
import { connect, unary } from '../client';
import { countLine, messageJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';

export async function countCommand(options: CommonOptions & RequestOptions, io: CliIo): Promise<number> {
  const request = await buildRequest(options, io);
  const conn = await connect(options);
  try {
    const counted = await unary<CountTokensResponse__Output>(conn, (md, o, cb) => conn.client.CountTokens(request, md, o, cb));
    io.stdout.write(options.json ? messageJson('CountTokensResponse', counted) : countLine(counted));
    return 0;
  } finally {
    conn.close();
  }
}

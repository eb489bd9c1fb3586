import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { CountTokensResponse__Output } from '../../generated/modelrouter/v1/CountTokensResponse';
import { buildRequest } from '../buildRequest';
import { connect, unary } from '../client';
import { countLine, toJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';

export async function countCommand(options: CommonOptions & RequestOptions, io: CliIo): Promise<number> {
  const request = await buildRequest(options, io);
  const conn = await connect(options.addr, options.deadlineMs);
  try {
    const counted = await unary<CompleteRequest, CountTokensResponse__Output>(conn, conn.client.CountTokens, request);
    io.stdout.write(options.json ? toJson(counted) : countLine(counted));
    return 0;
  } finally {
    conn.close();
  }
}

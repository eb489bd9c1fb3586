import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { RouteDecision__Output } from '../../generated/modelrouter/v1/RouteDecision';
import { buildRequest } from '../buildRequest';
import { connect, unary } from '../client';
import { routeDecision, toJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';

export async function routeCommand(options: CommonOptions & RequestOptions, io: CliIo): Promise<number> {
  const request = await buildRequest(options, io);
  const conn = await connect(options.addr, options.deadlineMs);
  try {
    const decision = await unary<CompleteRequest, RouteDecision__Output>(conn, conn.client.Route, request);
    io.stdout.write(options.json ? toJson(decision) : routeDecision(decision));
    return 0;
  } finally {
    conn.close();
  }
}

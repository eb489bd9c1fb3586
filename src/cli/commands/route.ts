import type { RouteDecision__Output } from '../../generated/modelrouter/v1/RouteDecision';
import { buildRequest } from '../buildRequest';
import { connect, unary } from '../client';
import { messageJson, routeDecision } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';

export async function routeCommand(options: CommonOptions & RequestOptions, io: CliIo): Promise<number> {
  const request = await buildRequest(options, io);
  const conn = await connect(options);
  try {
    const decision = await unary<RouteDecision__Output>(conn, (md, o, cb) => conn.client.Route(request, md, o, cb));
    io.stdout.write(options.json ? messageJson('RouteDecision', decision) : routeDecision(decision));
    return 0;
  } finally {
    conn.close();
  }
}

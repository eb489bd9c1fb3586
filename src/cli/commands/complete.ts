import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../generated/modelrouter/v1/CompleteResponse';
import { buildRequest } from '../buildRequest';
import { connect, unary, type Connection } from '../client';
import { messageJson, summaryLine, toolUseLines } from '../formatters';
import { writeLine, type CliIo } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';
import { streamed, thinkingStyle } from './completeStream';

export type CompleteOptions = CommonOptions & RequestOptions & { stream: boolean };

export async function completeCommand(options: CompleteOptions, io: CliIo): Promise<number> {
  const request = await buildRequest(options, io);
  const conn = await connect(options);
  try {
    if (options.stream) await streamed(conn, request, options.json, io);
    else await unaryComplete(conn, request, options.json, io);
    return 0;
  } finally {
    conn.close();
  }
}

/** The text, then one line per tool call, to stdout; thinking and the summary to stderr. */
async function unaryComplete(conn: Connection, request: CompleteRequest, json: boolean, io: CliIo): Promise<void> {
  const res = await unary<CompleteResponse__Output>(conn, (md, o, cb) => conn.client.Complete(request, md, o, cb));
  if (json) {
    io.stdout.write(messageJson('CompleteResponse', res));
    return;
  }
  if (res.thinking) writeLine(io.stderr, thinkingStyle(io.stderr, `[thinking] ${res.thinking}`));
  writeLine(io.stdout, res.text);
  io.stdout.write(toolUseLines(res.content));
  io.stderr.write(`${summaryLine(res)}\n`);
}

import type { CompleteChunk__Output } from '../../generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../generated/modelrouter/v1/CompleteResponse';
import { buildRequest, resolvePrompt } from '../buildRequest';
import { connect, unary, type Connection } from '../client';
import { summaryLine, toJson } from '../formatters';
import { writeLine, type CliIo, type OutStream } from '../io';
import type { CommonOptions, RequestOptions } from '../parseArgs';

export type CompleteOptions = CommonOptions & RequestOptions & { stream: boolean };

export async function completeCommand(options: CompleteOptions, io: CliIo): Promise<number> {
  const request = buildRequest(options, await resolvePrompt(options.prompt, io));
  const conn = await connect(options.addr, options.deadlineMs);
  try {
    if (options.stream) await streamed(conn, request, options.json, io);
    else await unaryComplete(conn, request, options.json, io);
    return 0;
  } finally {
    conn.close();
  }
}

async function unaryComplete(conn: Connection, request: CompleteRequest, json: boolean, io: CliIo): Promise<void> {
  const res = await unary<CompleteRequest, CompleteResponse__Output>(conn, conn.client.Complete, request);
  if (json) {
    io.stdout.write(toJson(res));
    return;
  }
  if (res.thinking) writeLine(io.stderr, thinkingStyle(io.stderr, `[thinking] ${res.thinking}`));
  writeLine(io.stdout, res.text);
  io.stderr.write(`${summaryLine(res)}\n`);
}

/** Text deltas to stdout as they arrive, thinking deltas to stderr (dimmed on a terminal), the summary from `done`. */
function streamed(conn: Connection, request: CompleteRequest, json: boolean, io: CliIo): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = conn.client.StreamComplete(request, { deadline: conn.deadline });
    let done: CompleteResponse__Output | undefined;
    let thinkingOpen = false;
    let lastText = '';
    let settled = false;
    const closeThinking = (): void => {
      if (thinkingOpen) io.stderr.write('\n');
      thinkingOpen = false;
    };
    call.on('data', (chunk: CompleteChunk__Output) => {
      if (json) {
        io.stdout.write(`${JSON.stringify(chunk)}\n`);
        if (chunk.event === 'done' && chunk.done) done = chunk.done;
        return;
      }
      switch (chunk.event) {
        case 'thinking_delta':
          if (!thinkingOpen) io.stderr.write(thinkingStyle(io.stderr, '[thinking] '));
          thinkingOpen = true;
          io.stderr.write(thinkingStyle(io.stderr, chunk.thinking_delta ?? ''));
          break;
        case 'text_delta':
          closeThinking();
          if (chunk.text_delta) {
            io.stdout.write(chunk.text_delta);
            lastText = chunk.text_delta;
          }
          break;
        case 'done':
          closeThinking();
          if (chunk.done) done = chunk.done;
          break;
        default:
          break;
      }
    });
    call.on('error', (err) => {
      if (settled) return;
      settled = true;
      closeThinking();
      if (!json && lastText !== '' && !lastText.endsWith('\n')) io.stdout.write('\n');
      reject(err);
    });
    call.on('end', () => {
      if (settled) return;
      settled = true;
      if (!done) {
        reject(new Error('the stream ended without a final `done` chunk'));
        return;
      }
      if (!json) {
        if (lastText !== '' && !lastText.endsWith('\n')) io.stdout.write('\n');
        io.stderr.write(`${summaryLine(done)}\n`);
      }
      resolve();
    });
  });
}

function thinkingStyle(out: OutStream, text: string): string {
  return out.isTTY && text !== '' ? `\x1b[2m${text}\x1b[22m` : text;
}

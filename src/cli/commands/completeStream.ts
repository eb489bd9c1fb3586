import type { CompleteChunk__Output } from '../../generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../generated/modelrouter/v1/CompleteResponse';
import { blockToJson } from '../../transport/grpc/blocks';
import type { Connection } from '../client';
import { fieldText, messageJsonLine, summaryLine, toolUseHead } from '../formatters';
import type { CliIo, OutStream } from '../io';

/**
 * Text deltas to stdout as they arrive, thinking deltas to stderr (dimmed on a terminal), each tool call as a line
 * built from its partial JSON, the summary from `done`. The output ends as the unary call's does.
 */
export function streamed(conn: Connection, request: CompleteRequest, json: boolean, io: CliIo): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = conn.client.StreamComplete(request, { deadline: conn.deadline });
    const printer = new ChunkPrinter(io);
    let done: CompleteResponse__Output | undefined;
    let settled = false;
    call.on('data', (chunk: CompleteChunk__Output) => {
      if (chunk.event === 'done' && chunk.done) done = chunk.done;
      if (json) io.stdout.write(messageJsonLine('CompleteChunk', chunk));
      else printer.print(chunk);
    });
    call.on('error', (err) => {
      if (settled) return;
      settled = true;
      if (!json) printer.finish();
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
        printer.finish();
        io.stderr.write(`${summaryLine(done)}\n`);
      }
      resolve();
    });
  });
}

class ChunkPrinter {
  private thinkingOpen = false;
  private atLineStart = true;
  /** The input JSON received so far of each tool_use block still open, by block index. */
  private readonly toolInputs = new Map<number, string>();

  constructor(private readonly io: CliIo) {}

  print(chunk: CompleteChunk__Output): void {
    switch (chunk.event) {
      case 'thinking_delta':
        if (!this.thinkingOpen) this.io.stderr.write(thinkingStyle(this.io.stderr, '[thinking] '));
        this.thinkingOpen = true;
        this.io.stderr.write(thinkingStyle(this.io.stderr, chunk.thinking_delta ?? ''));
        break;
      case 'text_delta':
        this.closeThinking();
        this.out(chunk.text_delta ?? '');
        break;
      case 'block_start': {
        const block = chunk.block_start ? blockToJson(chunk.block_start) : undefined;
        if (block?.type === 'tool_use') this.startToolUse(chunk.index, fieldText(block['id']), fieldText(block['name']));
        break;
      }
      case 'input_json_delta': {
        const sofar = this.toolInputs.get(chunk.index);
        if (sofar === undefined) break;
        this.toolInputs.set(chunk.index, sofar + (chunk.input_json_delta ?? ''));
        this.out(chunk.input_json_delta ?? '');
        break;
      }
      case 'block_stop': {
        const input = this.toolInputs.get(chunk.index);
        if (input === undefined) break;
        this.toolInputs.delete(chunk.index);
        // A call without arguments streams no JSON at all; the unary line shows it as {}.
        this.out(input === '' ? '{}\n' : '\n');
        break;
      }
      default:
        // done, signature_delta: any thinking is over.
        this.closeThinking();
        break;
    }
  }

  /** Ends an unfinished line, so the shell prompt or an error starts on its own. */
  finish(): void {
    this.closeThinking();
    if (!this.atLineStart) this.out('\n');
  }

  private startToolUse(index: number, id: string, name: string): void {
    this.closeThinking();
    if (!this.atLineStart) this.out('\n');
    this.out(toolUseHead(id, name));
    this.toolInputs.set(index, '');
  }

  private out(text: string): void {
    if (text === '') return;
    this.io.stdout.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  private closeThinking(): void {
    if (this.thinkingOpen) this.io.stderr.write('\n');
    this.thinkingOpen = false;
  }
}

export function thinkingStyle(out: OutStream, text: string): string {
  return out.isTTY && text !== '' ? `\x1b[2m${text}\x1b[22m` : text;
}

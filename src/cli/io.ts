/** Where the CLI writes and what it reads: process.stdout/stderr/env in main.ts, fakes in tests. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Read when the prompt is `-`; process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return parts.join('');
}

/** Writes `text` and a newline unless it already ends with one (or is empty). */
export function writeLine(out: OutStream, text: string): void {
  out.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

import { readFile } from 'node:fs/promises';
import { UsageError } from './argValues';

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** A file named by a flag; a file that cannot be read is the caller's mistake (exit 2), not the server's. */
export async function readFlagFile(flag: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = (code !== undefined ? READ_ERRORS[code] : undefined) ?? code ?? String(err);
    throw new UsageError(`${flag} file '${file}' cannot be read: ${why}`);
  }
}

/** A JSON file that must hold an array (of tools, of messages). */
export async function readJsonArray(flag: string, file: string, what: string): Promise<unknown[]> {
  const text = (await readFlagFile(flag, file)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} file '${file}' is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(value)) throw new UsageError(`${flag} file '${file}' must hold a JSON array of ${what}`);
  return value as unknown[];
}

/** A JSON object as the Messages API carries it: known fields are read through narrow helpers, the rest kept as is. */
export type JsonObject = { [key: string]: unknown };

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field as a string ('' when absent or of another type). */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

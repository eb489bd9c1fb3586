/** Bad command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function nonEmpty(name: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${name} must not be empty`);
  return raw;
}

export function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a whole number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return n;
}

export function decimal(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} must be a number, got '${raw}'`);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return n;
}

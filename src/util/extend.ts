/**
 * `{ ...base, ...extra }` where `extra` adds keys `base` lacks, for the router's own objects on the request path.
 * Node 20's V8 copies a spread fast but then takes a slow path for every key added to the copy: 600-1,700 ns
 * against 80 ns this way (bench/RESULTS.md, 2026-12-03). Not for a caller's JSON, whose own `__proto__` key
 * Object.assign would take as the prototype.
 */
export function extend<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  return Object.assign({}, base, extra);
}

/**
 * At most one emission per key and interval; the calls in between are counted and handed to the next one. For
 * log lines that a storm would otherwise repeat thousands of times a second.
 */
export function throttle(intervalMs: number, now: () => number = Date.now): (key: string, emit: (suppressed: number) => void) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key, emit) => {
    const at = now();
    const seen = last.get(key);
    if (seen && at - seen.at < intervalMs) {
      seen.suppressed += 1;
      return;
    }
    last.set(key, { at, suppressed: 0 });
    emit(seen?.suppressed ?? 0);
  };
}

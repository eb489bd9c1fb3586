import { idleScenario } from '../fakes/idleScenario';

interface AppRun {
  afterMs: number;
  lines: Record<string, unknown>[];
}

// The compiled app in a process of its own (test/fakes/idleScenarios.cjs, scenario `app`): a jest worker's event loop
// is not reliably idle, and the collector acts on the whole process's memory.
describe('idle GC (runtime.idle_gc_after_ms)', () => {
  it('once the process is idle after a burst, collects and says so in the log (IDLE_GC_AFTER_MS)', async () => {
    const run = await idleScenario<AppRun>('app', { IDLE_GC_AFTER_MS: '300' });
    expect(run.afterMs).toBe(300);
    const [line] = run.lines;
    expect(line).toEqual(
      expect.objectContaining({ level: 'info', heap_before_mb: expect.any(Number), heap_after_mb: expect.any(Number), pause_ms: expect.any(Number) }),
    );
    expect(Number(line?.['heap_after_mb'])).toBeLessThan(Number(line?.['heap_before_mb']));
  });

  it('runs no collection of its own when IDLE_GC_AFTER_MS is 0', async () => {
    const run = await idleScenario<AppRun>('app', { IDLE_GC_AFTER_MS: '0', WAIT_MS: '2000' });
    expect(run).toEqual({ afterMs: 0, lines: [] });
  });
});

import { captureConsole } from '../../src/observability/captureConsole';
import { createMemoryLogger } from '../../src/observability/logger';

describe('captureConsole', () => {
  it("turns a library's console.warn into a JSON log line, and gives the console back", () => {
    const { logger, records } = createMemoryLogger('info');
    const originalWarn = console.warn;
    const restore = captureConsole(logger);
    try {
      console.warn("The model '%s' is deprecated", 'claude-x');
      console.error(new Error('boom'));
      console.debug('below the level');
    } finally {
      restore();
    }
    expect(records()).toEqual([
      expect.objectContaining({ level: 'warn', component: 'console', msg: "The model 'claude-x' is deprecated" }),
      expect.objectContaining({ level: 'error', component: 'console', msg: expect.stringContaining('Error: boom') }),
    ]);
    expect(console.warn).toBe(originalWarn);
  });
});

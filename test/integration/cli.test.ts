import { cliAgainstRouter } from '../fakes/cliRunner';
import { freePort } from '../fakes/freePort';
import type { Harness } from '../fakes/routerHarness';

describe('modelrouter CLI against the real server', () => {
  const router = cliAgainstRouter();
  const { cli } = router;
  let h: Harness;
  let addr: string;
  beforeAll(() => ({ h, addr } = router));
  beforeEach(() => h.fake.reset());

  it('complete prints the reply text to stdout and a summary naming the serving model to stderr', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', 'What is the capital of France?']);
    expect(r.err).not.toContain('error:');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Simulated reply from claude-haiku-4-5-20251001 to: "What is the capital of France?"\n');
    const summary = r.err.trim().split('\n').pop() ?? '';
    expect(summary).toMatch(
      /^model=claude-haiku-4-5-20251001 task=simple_qa cached=false stop=end_turn cost_usd=\d+\.\d{6} tokens=\d+\/\d+ attempts=claude-haiku-4-5-20251001:ok$/,
    );
    expect(h.fake.calls('claude-haiku-4-5-20251001')).toBe(1);
  });

  it('--addr overrides MODELROUTER_ADDR and the request flags reach upstream', async () => {
    const r = await cli(
      ['complete', '--addr', addr, '--model', 'claude-opus-4-0', '--system', 'be brief', '--max-tokens', '300', '--temperature', '0.3', 'hi'],
      { env: { MODELROUTER_ADDR: '127.0.0.1:1' } },
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('model=claude-opus-4-20250514 ');
    const body = h.fake.requests[0]?.body as Record<string, unknown>;
    expect(body['system']).toBe('be brief');
    expect(body['max_tokens']).toBe(300);
    expect(body['temperature']).toBe(0.3);
  });

  it('reads the prompt from stdin when it is "-"', async () => {
    const r = await cli(['complete', '--task', 'simple_qa', '-'], { stdin: 'a prompt from stdin\n' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('to: "a prompt from stdin"');
  });

  it('--json prints the whole CompleteResponse as JSON (test/integration/cliJson.test.ts has every command)', async () => {
    const r = await cli(['complete', '--json', '--task', 'simple_qa', 'json please']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as Record<string, unknown>;
    expect(res['model']).toBe('claude-haiku-4-5-20251001');
    expect(res['task']).toBe('simple_qa');
    expect(res['stopReason']).toBe('end_turn');
    expect(res['text']).toContain('json please');
    expect(Array.isArray(res['attempts'])).toBe(true);
  });

  it('--stream writes the text in several writes, ending as the unary call does, then the summary', async () => {
    const prompt = 'Tell me a slightly longer story about streaming answers please';
    const plain = await cli(['complete', '--no-cache', '--task', 'simple_qa', prompt]);
    const streamed = await cli(['complete', '--stream', '--no-cache', '--task', 'simple_qa', prompt]);
    expect(plain.code).toBe(0);
    expect(streamed.code).toBe(0);
    const textWrites = streamed.stdout.writes.filter((w) => w !== '\n');
    expect(textWrites.length).toBeGreaterThan(2);
    expect(streamed.out).toBe(plain.out);
    expect(streamed.err.trim()).toMatch(/^model=claude-haiku-4-5-20251001 task=simple_qa cached=false .* attempts=claude-haiku-4-5-20251001:ok$/);
    expect(h.fake.calls()).toBe(2);
  });

  it('--stream sends thinking deltas to stderr, not stdout', async () => {
    const r = await cli(['complete', '--stream', '--task', 'complex_reasoning', '--thinking', '2048', '--max-tokens', '4096', 'think']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^\[thinking\] .+\n/);
    expect(r.out).not.toContain('[thinking]');
    expect(r.out).toContain('Simulated reply from claude-opus-4-5-20251101');
  });

  it('route prints the model, the fallbacks and the reason without calling upstream', async () => {
    const r = await cli(['route', '--task', 'simple_qa', 'where to?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^task: +simple_qa$/m);
    expect(r.out).toMatch(/^model: +claude-haiku-4-5-20251001$/m);
    expect(r.out).toMatch(/^fallbacks: +claude-3-5-haiku-20241022/m);
    expect(r.out).toMatch(/^reason: +\S/m);
    expect(h.fake.calls()).toBe(0);
  });

  it('models --limit 3 prints a header, 3 rows and the next-page hint', async () => {
    const r = await cli(['models', '--limit', '3']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +FAMILY +CONTEXT +MAX OUTPUT +THINKING +CIRCUIT +\$IN\/\$OUT PER MTOK$/);
    const rows = lines.filter((l) => l.startsWith('claude-'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^claude-opus-4-5-20251101 +opus +200000 +64000 +yes +closed +\$5\/\$25$/);
    expect(lines[lines.length - 1]).toBe('more: modelrouter models --limit 3 --after claude-sonnet-4-5-20250929');
  });

  it('models follows the hint to the next page and has no hint on the last one', async () => {
    const r = await cli(['models', '--limit', '100', '--after', 'claude-3-5-haiku-20241022']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('claude-3-opus-20240229');
    expect(r.out).not.toContain('more:');
  });

  it('model claude-sonnet-4-0 prints the model with its full id as JSON', async () => {
    const r = await cli(['model', 'claude-sonnet-4-0']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.out) as Record<string, unknown>;
    expect(model['id']).toBe('claude-sonnet-4-20250514');
    expect(model['aliases']).toContain('claude-sonnet-4-0');
  });

  it('an unknown model exits 1 with NOT_FOUND', async () => {
    const r = await cli(['model', 'claude-nonexistent-9']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: NOT_FOUND: .*claude-nonexistent-9/);
  });

  it('an unknown task exits 1 with INVALID_ARGUMENT', async () => {
    const r = await cli(['complete', '--task', 'no_such_task', 'hi']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: INVALID_ARGUMENT: unknown task 'no_such_task'/);
    expect(h.fake.calls()).toBe(0);
  });

  it.each([
    [['complete', '--bogus', 'hi'], /Unknown option '--bogus'/],
    [['complete'], /needs a prompt/],
    [['complete', '--max-tokens', 'ten', 'hi'], /--max-tokens must be a whole number, got 'ten'/],
    [['complete', '--temperature', '1.5', 'hi'], /--temperature must be between 0 and 1/],
    [['complete', '--no-cache', '--refresh', 'hi'], /--no-cache or --refresh/],
    [['models', '--limit', '0'], /--limit must be between 1 and 1000/],
    [['models', '--stream'], /'--stream' does not apply to 'models'/],
    [['doctor', 'now'], /'doctor' takes no arguments/],
    [['doctor', '--task', 'x'], /'--task' does not apply to 'doctor'/],
    [['completion'], /'completion' needs a shell: bash, zsh, fish/],
    [['completion', 'powershell'], /'completion' knows bash, zsh, fish, not 'powershell'/],
    [['completion', '--addr', 'x:1', 'bash'], /'--addr' does not apply to 'completion'/],
    [['model'], /exactly one model id/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /missing command/],
    [['models', '--deadline-ms', 'soon'], /--deadline-ms must be a whole number/],
  ])('bad usage %p exits 2 with a message and the usage', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: modelrouter <command>');
    expect(h.fake.calls()).toBe(0);
  });

  it('--help prints the usage to stdout and exits 0', async () => {
    const r = await cli(['complete', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: modelrouter <command>');
    for (const word of [
      'count [options]',
      '--image FILE',
      '--document FILE',
      '--tools FILE.json',
      '--tool-choice',
      '--messages FILE.json',
      '--beta NAME',
      'budget [options] [NAME]',
      'MODELROUTER_TOKEN',
    ]) {
      expect(r.out).toContain(word);
    }
    expect(r.err).toBe('');
  });

  it('an address with nothing listening exits 1 at once with one line naming it (more in cliConnect.test.ts)', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await cli(['models', '--addr', `127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`modelrouter: cannot reach 127.0.0.1:${port} (connection refused)\n`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('defaults to localhost:$GRPC_PORT when MODELROUTER_ADDR is unset', async () => {
    const r = await cli(['model', 'claude-haiku-4-5'], { env: { GRPC_PORT: String(h.app.port) } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Record<string, unknown>)['id']).toBe('claude-haiku-4-5-20251001');
  });
});

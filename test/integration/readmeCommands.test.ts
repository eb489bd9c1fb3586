import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { runCli } from '../../src/cli/runCli';
import { readmeBlocks, readmeCommands, ROOT, shellWords } from '../fakes/readmeCommands';
import { startHarness, type Harness } from '../fakes/routerHarness';

const run = promisify(execFile);
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
const commands = readmeCommands();
const cliCommands = commands.filter((c) => c.startsWith('npx modelrouter '));
const bufCommands = commands.filter((c) => c.startsWith('npx buf curl '));
const curlCommands = commands.filter((c) => c.startsWith('curl '));

/** The README's commands, run as written against a real router (the shipped config, the fake upstream). */
describe('every command the README shows', () => {
  let h: Harness;
  beforeAll(async () => {
    // As `make run` serves them: task inference on.
    h = await startHarness({ config: (c) => (c.routing.infer_task = true) });
  });
  afterAll(() => h.close());

  it('are only `make`, the CLI, buf curl and curl, so each kind is run below', () => {
    expect(cliCommands.length).toBeGreaterThanOrEqual(10);
    expect(bufCommands.length).toBeGreaterThanOrEqual(5);
    expect(curlCommands.length).toBeGreaterThanOrEqual(4);
    const others = commands.filter((c) => !c.startsWith('npx modelrouter ') && !c.startsWith('npx buf curl ') && !c.startsWith('curl '));
    for (const other of others)
      expect(other).toMatch(
        /^(make (run|test|bench|train-classifier|eval-classifier)|printf .* \| sha256sum|cp config\/router\.yaml deploy\/k8s\/router\.yaml)$/,
      );
  });

  it.each(cliCommands)('%s', async (command) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(shellWords(command).slice(2), {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: { MODELROUTER_ADDR: `127.0.0.1:${h.app.port}` },
    });
    expect({ code, err: code === 0 ? '' : err.join('') }).toEqual({ code: 0, err: '' });
    expect(out.join('').trim()).not.toBe('');
    if (command.includes('--tools') && !command.includes('--messages'))
      expect(out.join('')).toMatch(/\[tool_use toolu_\w+\] get_weather \{"location":"Paris"\}/);
    if (command.includes('--messages')) expect(out.join('')).toContain('15 degrees, light rain');
    if (command.includes('--image')) expect(out.join('')).toContain('[saw 1 image]');
    if (command.startsWith('npx modelrouter route') && !command.includes('--task')) {
      expect(out.join('')).toMatch(/^task: +code_generation \(inferred, confidence [01]\.\d\d\)\n[\s\S]*reason: +inferred code_generation/);
    }
    if (command.includes('--document')) expect(out.join('')).toContain('[saw 1 document]');
  });

  it.each(bufCommands)('%s', async (command) => {
    const args = shellWords(command.replace('http://localhost:50051', `http://127.0.0.1:${h.app.port}`)).slice(2);
    const { stdout } = await run(BUF, args, { cwd: ROOT });
    const answers = stdout
      .trim()
      .split(/\n(?=\{)/)
      .map((json) => JSON.parse(json) as Record<string, unknown>);
    expect(answers.length).toBeGreaterThan(0);
    const text = JSON.stringify(answers);
    if (command.includes('tool-use.json')) expect(text).toMatch(/"toolUse":\{"id":"toolu_\w+","name":"get_weather","input":\{"location":"Paris"\}\}/);
    if (command.includes('tool-loop.json')) expect(text).toContain('15 degrees, light rain');
    if (command.includes('image.json')) expect(text).toContain('[saw 1 image]');
    if (command.includes('CountTokens')) expect(Number(answers[0]?.['inputTokens'])).toBeGreaterThan(0);
  });

  it.each(curlCommands)('%s', async (command) => {
    const args = shellWords(command.replaceAll('http://localhost:8080', `http://127.0.0.1:${h.app.httpPort}`)).slice(1);
    const { stdout } = await run('curl', ['--fail-with-body', ...args], { cwd: ROOT });
    if (command.includes('"stream":true')) {
      expect(stdout).toContain('event: message_start');
      expect(stdout.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
    } else {
      const body = JSON.parse(stdout) as Record<string, unknown>;
      if (command.includes('/v1/messages')) expect(body).toMatchObject({ type: 'message', role: 'assistant' });
      if (command.includes('/v1/models')) expect(body['data']).toHaveLength(3);
      if (command.includes('/healthz')) expect(body).toEqual({ status: 'serving', providers: [{ platform: 'anthropic', key: 'default', ready: true }] });
    }
  });

  it('the TypeScript SDK snippet runs as written against the HTTP door', async () => {
    const [snippet] = readmeBlocks('ts');
    expect(snippet).toContain("baseURL: 'http://localhost:8080'");
    const source = (snippet ?? '').replace('http://localhost:8080', `http://127.0.0.1:${h.app.httpPort}`);
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const printed: string[] = [];
    const fakeConsole = { log: (...parts: unknown[]) => printed.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')) };
    const fakeProcess = { env: {}, stdout: { write: (text: string) => printed.push(text) } };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('require', 'exports', 'console', 'process', outputText)(require, {}, fakeConsole, fakeProcess);
    expect(printed[0]).toMatch(/^claude-haiku-4-5-20251001 \[\{"type":"text","text":"Simulated reply/);
    expect(printed.at(-1)).toBe('end_turn');
  });
});

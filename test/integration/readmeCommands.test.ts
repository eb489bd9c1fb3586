import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/runCli';
import { readmeCommands, ROOT, shellWords } from '../fakes/readmeCommands';
import { startHarness, type Harness } from '../fakes/routerHarness';

const run = promisify(execFile);
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
const commands = readmeCommands();
const cliCommands = commands.filter((c) => c.startsWith('npx modelrouter '));
const bufCommands = commands.filter((c) => c.startsWith('npx buf curl '));

/** The README's commands, run as written against a real router (the shipped config, the fake upstream). */
describe('every command the README shows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('are only `make`, the CLI and buf curl, so each kind is run below', () => {
    expect(cliCommands.length).toBeGreaterThanOrEqual(10);
    expect(bufCommands.length).toBeGreaterThanOrEqual(5);
    const others = commands.filter((c) => !c.startsWith('npx modelrouter ') && !c.startsWith('npx buf curl '));
    for (const other of others) expect(other).toMatch(/^(make (run|test|bench)|printf .* \| sha256sum|cp config\/router\.yaml deploy\/k8s\/router\.yaml)$/);
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
    if (command.includes('--tools') && !command.includes('--messages')) expect(out.join('')).toMatch(/\[tool_use toolu_\w+\] get_weather \{"location":"Paris"\}/);
    if (command.includes('--messages')) expect(out.join('')).toContain('15 degrees, light rain');
    if (command.includes('--image')) expect(out.join('')).toContain('[saw 1 image]');
    if (command.includes('--document')) expect(out.join('')).toContain('[saw 1 document]');
  });

  it.each(bufCommands)('%s', async (command) => {
    const args = shellWords(command.replace('http://localhost:50051', `http://127.0.0.1:${h.app.port}`)).slice(2);
    const { stdout } = await run(BUF, args, { cwd: ROOT });
    const answers = stdout.trim().split(/\n(?=\{)/).map((json) => JSON.parse(json) as Record<string, unknown>);
    expect(answers.length).toBeGreaterThan(0);
    const text = JSON.stringify(answers);
    if (command.includes('tool-use.json')) expect(text).toMatch(/"toolUse":\{"id":"toolu_\w+","name":"get_weather","input":\{"location":"Paris"\}\}/);
    if (command.includes('tool-loop.json')) expect(text).toContain('15 degrees, light rain');
    if (command.includes('image.json')) expect(text).toContain('[saw 1 image]');
    if (command.includes('CountTokens')) expect(Number(answers[0]?.['inputTokens'])).toBeGreaterThan(0);
  });
});

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMMAND_OPTIONS, COMMANDS, OPTIONS, SHELLS, type OptionName } from '../../src/cli/options';
import { USAGE, USAGE_SECTIONS, optionSignature } from '../../src/cli/usage';
import { runCliAt } from '../fakes/cliRunner';
import { ROOT } from '../fakes/readmeCommands';

const run = promisify(execFile);

/** No router is needed to print a script: the address is never dialled. */
async function script(shell: string): Promise<string> {
  const r = await runCliAt('127.0.0.1:1', ['completion', shell]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r.out;
}

function has(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ALL_OPTIONS = Object.keys(OPTIONS) as OptionName[];

describe('modelrouter completion', () => {
  let dir: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modelrouter-completion-'));
    for (const shell of SHELLS) {
      files[shell] = join(dir, `modelrouter.${shell}`);
      writeFileSync(files[shell] ?? '', await script(shell));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SHELLS)('the %s script names every command and every option of the table', async (shell) => {
    const text = await script(shell);
    for (const command of COMMANDS) expect(text).toMatch(new RegExp(`\\b${command}\\b`));
    for (const option of ALL_OPTIONS) {
      // fish writes `-l name`, bash and zsh `--name`.
      expect(text).toMatch(shell === 'fish' ? new RegExp(`-l ${option}( |$)`, 'm') : new RegExp(`--${option}\\b`));
    }
    expect(text).toContain(shell === 'fish' ? '-s h' : '-h');
  });

  it('bash -n accepts the bash script', async () => {
    await expect(run('bash', ['-n', files['bash'] ?? ''])).resolves.toBeDefined();
  });

  /** What the bash function offers for the words typed so far, the last one being completed. */
  async function bashComplete(...words: string[]): Promise<string[]> {
    const probe = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _modelrouter; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await run('bash', ['-c', probe, 'probe', files['bash'] ?? '', 'modelrouter', ...words], { cwd: ROOT });
    return stdout.split('\n').filter((w) => w !== '');
  }

  it("bash completes commands, each command's own options, option values and file names", async () => {
    expect(await bashComplete('')).toEqual([...COMMANDS, 'help', '-h', '--help']);
    expect(await bashComplete('comp')).toEqual(['complete', 'completion']);
    expect(await bashComplete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    for (const command of COMMANDS) {
      const offered = await bashComplete(command, '--');
      expect(offered.sort()).toEqual(COMMAND_OPTIONS[command].map((o) => `--${o}`).sort());
    }
    expect(await bashComplete('complete', '--tool-choice', '')).toEqual(['auto', 'any', 'none', 'tool:']);
    expect(await bashComplete('complete', '--image', 'examples/pix')).toEqual(['examples/pixel.png']);
    // An option's value is not the command: `--addr models doctor --` completes doctor's options.
    expect((await bashComplete('--addr', 'models', 'doctor', '--')).sort()).toEqual(COMMAND_OPTIONS.doctor.map((o) => `--${o}`).sort());
    expect(await bashComplete('models', '--limit', '')).toEqual([]);
  });

  it('zsh -n accepts the zsh script, and compinit registers it for modelrouter', async () => {
    if (!has('zsh')) throw new Error('zsh is missing: apt-get install -y zsh (.ci/run does)');
    await run('zsh', ['-n', files['zsh'] ?? '']);
    const { stdout } = await run('zsh', [
      '-f',
      '-c',
      `autoload -U compinit && compinit -u -D && source "${files['zsh'] ?? ''}" && print -r -- $_comps[modelrouter]`,
    ]);
    expect(stdout.trim()).toBe('_modelrouter');
  });

  it('fish accepts the fish script and completes from it', async () => {
    if (!has('fish')) throw new Error('fish is missing: apt-get install -y fish (.ci/run does)');
    await run('fish', ['--no-execute', files['fish'] ?? '']);
    const complete = async (line: string): Promise<string[]> => {
      const { stdout } = await run('fish', ['--no-config', '-c', `source "${files['fish'] ?? ''}"; complete -C "${line}"`], { cwd: ROOT });
      return stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0] ?? '');
    };
    expect(await complete('modelrouter comp')).toEqual(['complete', 'completion']);
    expect((await complete('modelrouter doctor --')).sort()).toEqual(COMMAND_OPTIONS.doctor.map((o) => `--${o}`).sort());
    expect(await complete('modelrouter completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete('modelrouter complete --tool-choice ')).toEqual(['any', 'auto', 'none', 'tool:']);
  });

  it('the usage is made from the same table: every option is in a section, and every command is listed', () => {
    const listed = USAGE_SECTIONS.flatMap((s) => s.options);
    expect([...new Set(listed)].sort()).toEqual([...ALL_OPTIONS].sort());
    for (const option of ALL_OPTIONS) expect(USAGE).toContain(`  ${optionSignature(option)} `);
    for (const command of COMMANDS) expect(USAGE).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  });

  it('completion --help prints the usage; an unknown shell is a usage error', async () => {
    expect((await runCliAt('127.0.0.1:1', ['completion', '--help'])).out).toContain('completion bash|zsh|fish');
    const r = await runCliAt('127.0.0.1:1', ['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/'completion' knows bash, zsh, fish, not 'tcsh'/);
  });
});

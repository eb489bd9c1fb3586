import { bashScript } from '../completion/bash';
import { fishScript } from '../completion/fish';
import { completionSpec } from '../completion/spec';
import { zshScript } from '../completion/zsh';
import { toJson } from '../formatters';
import type { CliIo } from '../io';
import type { Shell } from '../options';

const SCRIPTS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** `completion SHELL`: the script; with --json the table it is made from (and, given a shell, the script). */
export function completionCommand(options: { shell?: Shell; json: boolean }, io: CliIo): Promise<number> {
  const spec = completionSpec();
  if (options.shell === undefined) io.stdout.write(toJson(spec));
  else if (options.json) io.stdout.write(toJson({ shell: options.shell, script: SCRIPTS[options.shell](spec) }));
  else io.stdout.write(SCRIPTS[options.shell](spec));
  return Promise.resolve(0);
}

import { checkLine, type Check } from '../doctor/check';
import { localChecks } from '../doctor/localChecks';
import { routerChecks } from '../doctor/routerChecks';
import { toJson } from '../formatters';
import type { CliIo } from '../io';
import type { CommonOptions } from '../parseArgs';

/** The calls of doctor share this deadline at most: a router that hangs is a finding, not a wait of minutes. */
const DOCTOR_DEADLINE_MS = 15_000;

/** Every check, one line each (or a JSON array with --json); exit 0 when all are ok, 1 otherwise. */
export async function doctorCommand(options: CommonOptions & { json: boolean }, io: CliIo): Promise<number> {
  const local = await localChecks(io.env);
  const router = await routerChecks({ ...options, deadlineMs: Math.min(options.deadlineMs, DOCTOR_DEADLINE_MS) }, local.tasks);
  const checks: Check[] = [...router, ...local.checks];
  const failed = checks.filter((c) => !c.ok).length;
  if (options.json) {
    io.stdout.write(toJson(checks));
  } else {
    for (const check of checks) io.stdout.write(checkLine(check));
    io.stderr.write(failed === 0 ? `doctor: all ${checks.length} checks ok\n` : `doctor: ${failed} of ${checks.length} checks failed\n`);
  }
  return failed === 0 ? 0 : 1;
}

/** One line of `modelrouter doctor`: what was checked, whether it is fine, what was found and what to do about it. */
export interface Check {
  /** Stable, for scripts: `config`, `redis`, `ANTHROPIC_API_KEY`, `router`, `health`, `health.<service>`, `models`, `circuits`, `route`, `route.<task>`. */
  id: string;
  /** For people: may carry what was checked (a path, a redacted URL, a task). */
  name: string;
  ok: boolean;
  detail: string;
  /** What to do; empty when there is nothing to do. */
  action: string;
}

export function ok(name: string, detail: string, action = ''): Check {
  return { id: idOf(name), name, ok: true, detail, action };
}

export function fail(name: string, detail: string, action: string): Check {
  return { id: idOf(name), name, ok: false, detail, action };
}

/** The kind of check, and for health and route what it is about: never a path or a URL. */
function idOf(name: string): string {
  const [kind = name, subject] = name.split(' ', 2);
  if ((kind === 'health' || kind === 'route') && subject !== undefined && !subject.startsWith('(')) return `${kind}.${subject}`;
  return kind;
}

/** `ok    name: detail` or `FAIL  name: detail -> action`, always one line. */
export function checkLine(check: Check): string {
  const detail = oneLine(check.detail);
  const action = check.action ? ` -> ${oneLine(check.action)}` : '';
  return `${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${detail}${action}\n`;
}

/** A multi-line message (a config's list of issues) on one line. */
export function oneLine(text: string): string {
  return text.replace(/:?\s*\n\s*(- )?/g, (match) => (match.startsWith(':') ? ': ' : '; ')).trim();
}

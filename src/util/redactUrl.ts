/** A URL may carry credentials in its user info or query: only scheme, host and path are ever logged. */
export function redactUrl(url: string): string {
  try {
    const { protocol, host, pathname } = new URL(url);
    return `${protocol}//${host}${pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

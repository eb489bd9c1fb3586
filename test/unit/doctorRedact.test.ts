import { redactRedisUrl } from '../../src/cli/doctor/localChecks';
import { parseConfig } from '../../src/config/loadConfig';

describe('secrets in what doctor and the config loader print', () => {
  it.each([
    ['redis://:s3cret@cache.internal:6379/0', 'redis://cache.internal:6379/0'],
    ['rediss://user:s3cret@cache.internal:6380', 'rediss://cache.internal:6380'],
    ['default:s3cret@127.0.0.1:6379', '(hidden: not a redis:// URL)'],
    ['redis://:p@ss#word@host:6379', '(hidden)'],
  ])('%s is shown as %s', (url, shown) => {
    expect(redactRedisUrl(url)).toBe(shown);
    expect(redactRedisUrl(url)).not.toMatch(/s3cret|word/);
  });

  it('a YAML syntax error names where, without quoting the line (which may hold a password)', () => {
    const yaml = 'cache:\n  redis:\n    url: redis://:hunter2@cache:6379\n     bad: [indent\n';
    let message = '';
    try {
      parseConfig(yaml, 'router.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Config router.yaml is not valid YAML: /);
    expect(message).not.toContain('hunter2');
  });
});

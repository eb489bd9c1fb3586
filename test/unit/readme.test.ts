import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_OVERRIDES } from '../../src/config/envOverrides';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('its configuration table lists exactly the environment variables the code reads', () => {
    const section = README.slice(README.indexOf('## Configuration'), README.indexOf('## Development'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    const read = [...ENV_OVERRIDES.map((o) => o.env), 'ANTHROPIC_API_KEY', 'ROUTER_CONFIG', 'VERTEX_ACCESS_TOKEN', 'SIMULATOR_OUTAGE'].sort();
    expect(documented).toEqual(read);
  });

  it('gives the two set-up commands', () => {
    expect(README).toContain('make run');
    expect(README).toContain('make test');
  });
});

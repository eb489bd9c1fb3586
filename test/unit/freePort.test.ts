import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../fakes/freePort';

describe("tests' freePort", () => {
  it('hands out ports below the ephemeral range that a server can bind on every address', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1_024);
      expect(port).toBeLessThan(low);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '0.0.0.0', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A port for a server a test starts (often in another process) after this returns. Taken below the kernel's
 * ephemeral range: a port listen(0) hands out comes from that range, and between our check and the server's bind
 * any outgoing connection on the machine (the other test worker's clients, Redis, the fakes) may take it as its
 * source port; CI saw EADDRINUSE that way. Below the range only another listener can, so a random pick is enough.
 */
export async function freePort(): Promise<number> {
  const top = ephemeralLow() - 1;
  const bottom = Math.min(10_000, top - 1_000);
  for (let tries = 0; tries < 50; tries++) {
    const port = bottom + Math.floor(Math.random() * (top - bottom));
    if (await bindable(port)) return port;
  }
  return listenAny();
}

function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2_048 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Free on every address: the services under test bind 0.0.0.0. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

function listenAny(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

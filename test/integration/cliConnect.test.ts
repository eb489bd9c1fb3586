import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { parseTarget } from '../../src/cli/connectProbe';
import { createTestPki } from '../fakes/certificates';
import { cliAgainstRouter, runCliAt, type CliRun } from '../fakes/cliRunner';
import { freePort } from '../fakes/freePort';
import type { Harness } from '../fakes/routerHarness';

/** The one line a connection failure prints: the program, the address and why. */
function unreachable(addr: string, why: RegExp): RegExp {
  return new RegExp(`^modelrouter: cannot reach ${addr.replace(/[.[\]]/g, '\\$&')} \\(${why.source}\\)\\n$`);
}

async function timed(run: () => Promise<CliRun>): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  const r = await run();
  return { ...r, ms: Date.now() - started };
}

function listen(server: HttpServer | TcpServer | TlsServer): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('modelrouter CLI: a router that is not there fails fast, in one line naming the address', () => {
  let http1: HttpServer;
  let silent: TcpServer;
  const sockets = new Set<Socket>();
  let http1Addr: string;
  let silentAddr: string;

  beforeAll(async () => {
    http1 = createHttpServer((_req, res) => res.end('hello over HTTP/1\n'));
    http1Addr = `127.0.0.1:${await listen(http1)}`;
    // Accepts TCP and never says a word.
    silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    silentAddr = `127.0.0.1:${await listen(silent)}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    http1.closeAllConnections();
    await new Promise((resolve) => http1.close(resolve));
    await new Promise((resolve) => silent.close(resolve));
  });

  // Each command connects the same way; each must fail the same way, under a second, with nothing on stdout.
  it.each([
    [['models']],
    [['model', 'claude-haiku-4-5']],
    [['route', 'hi']],
    [['count', 'hi']],
    [['complete', 'hi']],
    [['complete', '--stream', 'hi']],
    [['models', '--json']],
  ])('%p at a refused port: exit 1 in under 1 s with "connection refused"', async (args) => {
    const addr = `127.0.0.1:${await freePort()}`;
    const r = await timed(() => runCliAt(addr, args));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(unreachable(addr, /connection refused/));
    expect(r.ms).toBeLessThan(1000);
  });

  it('the long call deadline does not slow the failure: --deadline-ms 600000 still fails in under 1 s', async () => {
    const addr = `127.0.0.1:${await freePort()}`;
    const r = await timed(() => runCliAt(addr, ['models', '--deadline-ms', '600000']));
    expect(r.err).toMatch(unreachable(addr, /connection refused/));
    expect(r.ms).toBeLessThan(1000);
  });

  it('localhost:PORT (both address families refused) names the address as given', async () => {
    const addr = `localhost:${await freePort()}`;
    const r = await timed(() => runCliAt(addr, ['models']));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(unreachable(addr, /connection refused/));
    expect(r.ms).toBeLessThan(1000);
  });

  it('a port with an HTTP/1 server: exit 1 in under 1 s, saying it is not a gRPC server', async () => {
    const r = await timed(() => runCliAt(http1Addr, ['models']));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(unreachable(http1Addr, /not a gRPC server: an HTTP\/1 server answered/));
    expect(r.ms).toBeLessThan(1000);
  });

  it('a TLS server (a router with server.tls): exit 1 in under 1 s, saying the CLI connects without TLS', async () => {
    const pki = createTestPki();
    const tls = createTlsServer({ key: pki.read(pki.serverKey), cert: pki.read(pki.serverCert), ALPNProtocols: ['h2'] });
    const addr = `127.0.0.1:${await listen(tls)}`;
    try {
      const r = await timed(() => runCliAt(addr, ['models']));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(unreachable(addr, /it speaks TLS; this CLI connects without TLS/));
      expect(r.ms).toBeLessThan(1000);
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('an unresolvable host: exit 1, "unknown host"', async () => {
    const addr = 'no-such-host.invalid:50051';
    const r = await timed(() => runCliAt(addr, ['route', 'hi']));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(unreachable(addr, /unknown host|host name lookup failed/));
    expect(r.ms).toBeLessThan(3000);
  });

  it('a port that accepts TCP and never answers: exit 1 after --connect-timeout-ms, not after the call deadline', async () => {
    const r = await timed(() => runCliAt(silentAddr, ['models', '--connect-timeout-ms', '300']));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(unreachable(silentAddr, /no gRPC answer within 300 ms \(--connect-timeout-ms\)/));
    expect(r.ms).toBeGreaterThanOrEqual(250);
    expect(r.ms).toBeLessThan(1500);
  });

  it.each([
    ['http://localhost:50051', /expected host:port, without http:\/\//],
    ['localhost:99999', /port 99999 is out of range/],
  ])('an address grpc cannot dial, %s: exit 1 saying what is wrong with it', async (addr, why) => {
    const r = await timed(() => runCliAt(addr, ['models']));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(unreachable(addr, why));
    expect(r.ms).toBeLessThan(1000);
  });

  it('a unix socket that is not there: exit 1, "no such socket"', async () => {
    const addr = 'unix:/tmp/modelrouter-no-such.sock';
    const r = await runCliAt(addr, ['models']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(unreachable(addr, /no such socket/));
  });

  it('doctor at a refused port: one FAIL line naming the address, exit 1', async () => {
    const addr = `127.0.0.1:${await freePort()}`;
    const r = await timed(() => runCliAt(addr, ['doctor']));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^FAIL  router: cannot reach 127\\.0\\.0\\.1:\\d+ \\(connection refused\\) -> start the router`, 'm'));
    expect(r.out).not.toMatch(/^ok {4}health/m);
    expect(r.ms).toBeLessThan(1000 + 2000 /* the local checks: config, a Redis PING when REDIS_URL is set */);
  });

  it.each([
    ['127.0.0.1:50051', { host: '127.0.0.1', port: 50051 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['dns:///router.internal:443', { host: 'router.internal', port: 443 }],
    ['dns:router.internal:9000', { host: 'router.internal', port: 9000 }],
    ['ipv4:10.0.0.1:7', { host: '10.0.0.1', port: 7 }],
    ['router.internal', { host: 'router.internal', port: 443 }],
    ['unix:/tmp/router.sock', { path: '/tmp/router.sock' }],
    ['host:99999', { invalid: 'port 99999 is out of range' }],
    ['http://localhost:50051', { invalid: 'expected host:port, without http://' }],
    ['foo:bar:baz', { invalid: "expected host:port; 'foo:' is not a scheme this CLI dials" }],
    ['a b:1', { invalid: 'expected host:port' }],
  ])('the probe reads the target %s', (addr, expected) => {
    expect(parseTarget(addr)).toEqual(expected);
  });
});

describe('modelrouter CLI: once connected, the call has its whole deadline', () => {
  const router = cliAgainstRouter();
  let h: Harness;
  let addr: string;
  beforeAll(() => ({ h, addr } = router));

  it('a streamed answer far longer than --connect-timeout-ms is printed in full', async () => {
    // A connect limit a loaded machine still meets, and an answer that lasts well past it.
    h.fake.setFault('claude-haiku-4-5-20251001', { chunkDelayMs: 200 });
    const r = await timed(() =>
      runCliAt(addr, ['complete', '--stream', '--no-cache', '--task', 'simple_qa', '--connect-timeout-ms', '400', 'Tell me a story about slow streams please']),
    );
    expect(r.err).not.toContain('cannot reach');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Simulated reply from claude-haiku-4-5-20251001');
    expect(r.ms).toBeGreaterThan(1_000);
  });

  it('--connect-timeout-ms must be a whole number', async () => {
    const r = await runCliAt(addr, ['models', '--connect-timeout-ms', 'soon']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--connect-timeout-ms must be a whole number/);
  });
});

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/audit');
/** The CA that signs the test collector's certificate (localhost, 127.0.0.1): what a policy's `caFile` names. */
export const collectorCaFile = path.join(fixtures, 'collector-ca.pem');

export interface CollectorBehaviour {
  /** Read this many bytes of a connection, then drop it (reset) without closing cleanly: a broken network. */
  dropAfterBytes?: number;
  /** Never close our side after the client's end: a collector that never confirms. */
  neverClose?: boolean;
}

/**
 * A syslog collector on loopback, over TLS (RFC 5425) or plain TCP, reading octet-counted frames
 * (RFC 6587 3.4.1) the way rsyslog's imtcp does, and closing its side when the sender closes its own.
 * It keeps every message of every connection, in order, as a SIEM would file them.
 */
export class SyslogCollector {
  readonly messages: string[] = [];
  connections = 0;
  behaviour: CollectorBehaviour = {};
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly transport: 'tls' | 'tcp') {}

  async listen(port = 0): Promise<number> {
    // Our side closes when `serve` says so (after the sender's end), not by itself.
    const halfOpen = { allowHalfOpen: true };
    const onConnection = (socket: net.Socket) => this.serve(socket);
    this.server =
      this.transport === 'tls'
        ? tls.createServer({ ...halfOpen, cert: fs.readFileSync(path.join(fixtures, 'collector-cert.pem')), key: fs.readFileSync(path.join(fixtures, 'collector-key.pem')) }, onConnection)
        : net.createServer(halfOpen, onConnection);
    const server = this.server;
    // Every connection, a TLS one still in its handshake included, so that `close` can end them all.
    server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.sockets.forEach((socket) => socket.destroy());
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The `seq` parameter of each message received, in order of arrival. */
  sequenceNumbers(): number[] {
    return this.messages.map((message) => Number(/ seq="(\d+)"/.exec(message)?.[1]));
  }

  private serve(socket: net.Socket): void {
    this.connections += 1;
    let pending: Buffer = Buffer.alloc(0);
    let received = 0;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      const { dropAfterBytes } = this.behaviour;
      if (dropAfterBytes !== undefined && received > dropAfterBytes) {
        pending = Buffer.concat([pending, chunk.subarray(0, chunk.length - (received - dropAfterBytes))]);
        this.readFrames(pending);
        socket.resetAndDestroy();
        return;
      }
      pending = this.readFrames(Buffer.concat([pending, chunk]));
    });
    socket.on('end', () => {
      if (!this.behaviour.neverClose) socket.end();
    });
  }

  /** Takes every whole frame off the front of `buffer`; returns what is left (a frame still arriving). */
  private readFrames(buffer: Buffer): Buffer {
    let rest = buffer;
    for (;;) {
      const space = rest.indexOf(0x20);
      if (space < 0) return rest;
      const length = Number(rest.subarray(0, space).toString('ascii'));
      if (!Number.isInteger(length) || length <= 0) throw new Error(`not an octet-counted frame: ${rest.subarray(0, 40).toString()}`);
      if (rest.length < space + 1 + length) return rest;
      this.messages.push(rest.subarray(space + 1, space + 1 + length).toString('utf8'));
      rest = rest.subarray(space + 1 + length);
    }
  }
}

import net from 'node:net';
import tls from 'node:tls';
import { type CollectorTarget, readCollectorCa } from './collector.js';

export interface SendTimeouts {
  /** How long the connection (and the TLS handshake) may take. */
  connectMs: number;
  /** How long the collector may take to read everything and close its side once we closed ours. */
  confirmMs: number;
}

export const defaultSendTimeouts: SendTimeouts = { connectMs: 10_000, confirmMs: 30_000 };

/**
 * Sends syslog messages to the collector on a connection of their own, framed by octet counting
 * (RFC 6587 3.4.1, which RFC 5425 uses over TLS: `LENGTH SP MESSAGE`), and resolves only once the
 * collector confirmed it holds them all. Syslog over TCP has no acknowledgement, so the confirmation
 * is the connection's end: we close our side after the last message, and a collector closes its side
 * only after reading to our end; TCP delivers in order, so its close follows every byte before ours.
 * A write the OS accepted but the network then lost (a cable pulled) therefore never counts as
 * delivered, and is sent again: a collector may see an entry twice (seq and hash tell it so), never
 * miss one.
 */
export function sendToCollector(target: CollectorTarget, messages: readonly string[], timeouts: SendTimeouts = defaultSendTimeouts): Promise<void> {
  const ca = readCollectorCa(target);
  return new Promise<void>((resolve, reject) => {
    const socket =
      target.transport === 'tls'
        ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, ca, minVersion: 'TLSv1.2' })
        : net.connect({ host: target.host, port: target.port });
    let stage: 'connecting' | 'sending' | 'confirming' = 'connecting';
    let peerEnded = false;
    const fail = (reason: string) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(`${target.address}: ${reason}`));
    };
    let timer = setTimeout(() => fail(`no connection within ${String(timeouts.connectMs / 1000)} s`), timeouts.connectMs);
    socket.on(target.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      stage = 'sending';
      const frames = messages.map((message) => `${String(Buffer.byteLength(message))} ${message}`).join('');
      socket.end(frames, () => {
        stage = 'confirming';
        timer = setTimeout(() => fail(`the collector did not close the connection within ${String(timeouts.confirmMs / 1000)} s of the last entry, so their receipt is not confirmed`), timeouts.confirmMs);
      });
    });
    // A collector may answer (some send a banner); what it says is not read, only that it ends.
    socket.on('data', () => undefined);
    socket.on('end', () => (peerEnded = true));
    socket.on('error', (error: Error) => fail(describeSocketError(error, stage)));
    socket.on('close', (hadError) => {
      if (hadError) return;
      clearTimeout(timer);
      if (stage === 'confirming' && peerEnded) resolve();
      else reject(new Error(`${target.address}: the collector closed the connection before it had every entry`));
    });
  });
}

function describeSocketError(error: Error, stage: string): string {
  const code = 'code' in error ? String(error.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused (is the collector running, and listening on this port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `its TLS certificate is for another host name (${error.message})`;
  if (code === 'CERT_HAS_EXPIRED') return 'its TLS certificate has expired';
  if (code.includes('CERT') || code.includes('UNABLE_TO_VERIFY') || code.includes('SELF_SIGNED')) {
    return `its TLS certificate is not trusted (${code}); name the authority that signs it in audit.collector.caFile`;
  }
  return `${stage === 'connecting' ? 'could not connect' : 'the connection broke'} (${code || error.message})`;
}

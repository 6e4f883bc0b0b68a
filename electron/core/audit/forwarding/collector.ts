import fs from 'node:fs';
import type { Policy } from '../../../shared/policy.js';

/** A syslog collector the machine policy names (`audit.collector`), resolved to what a connection needs. */
export interface CollectorTarget {
  /** How the collector is named in status, errors and the forwarding state: `tls://siem.example:6514`. */
  address: string;
  host: string;
  port: number;
  transport: 'tls' | 'tcp';
  /** The PEM file of certificate authorities to trust instead of the OS's, when the policy names one. */
  caFile: string | null;
}

/** RFC 5425 (syslog over TLS) and the traditional port for syslog over TCP. */
const defaultPorts = { tls: 6514, tcp: 514 } as const;

/**
 * The collector the audit trail is forwarded to, or null when the policy names none: then nothing is
 * forwarded and no connection is ever opened for the trail.
 */
export function collectorTarget(policy: Policy): CollectorTarget | null {
  const collector = policy.audit?.collector;
  if (!collector) return null;
  const port = collector.port ?? defaultPorts[collector.transport];
  // An IPv6 address is written in brackets, as in a URL, so the port stays readable.
  const host = collector.host.replace(/^\[(.*)\]$/, '$1');
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { address: `${collector.transport}://${shownHost}:${String(port)}`, host, port, transport: collector.transport, caFile: collector.caFile ?? null };
}

/** The certificate authorities to trust for a TLS collector; undefined: the OS's (Node's bundled roots). */
export function readCollectorCa(target: CollectorTarget): Buffer | undefined {
  if (target.caFile === null) return undefined;
  try {
    return fs.readFileSync(target.caFile);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new Error(`Enclave could not read the collector's CA file ${target.caFile} (${reason}); fix audit.collector.caFile in the machine policy.`, { cause: error });
  }
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Policy } from '../../../shared/policy.js';
import type { AuditTrail } from '../auditTrail.js';
import { AuditForwarder, type AuditForwarderOptions } from './auditForwarder.js';
import { collectorTarget } from './collector.js';

/** How long forwarding waits for a collector, gathers entries and backs off (defaults in auditForwarder.ts). */
export type ForwardingTimings = Pick<AuditForwarderOptions, 'timeouts' | 'gatherMs' | 'firstRetryMs' | 'maxRetryMs'>;

export interface ForwardingStart extends ForwardingTimings {
  /** This machine's name, as each syslog line carries it. */
  hostname: string;
  /** Send on its own as entries are recorded (the app), or only when asked (the CLI). */
  background: boolean;
}

/**
 * The forwarder to the policy's syslog collector, or undefined when the policy names none (then no
 * connection is opened for the trail, ever). In the background (the app) it sends what waits now and
 * each new entry as it is recorded; otherwise (the CLI) only when asked (`enclave audit forward`).
 */
export function startAuditForwarding(db: Database, trail: AuditTrail, policy: Policy, options: ForwardingStart): AuditForwarder | undefined {
  const target = collectorTarget(policy);
  if (!target) return undefined;
  const { background, ...rest } = options;
  const forwarder = new AuditForwarder({ db, target, ...rest });
  if (background) {
    trail.onRecorded(() => forwarder.schedule());
    forwarder.start();
  }
  return forwarder;
}

/**
 * bench:audit, third figure — the latency the audit trail adds to `chats.send`: the same requests
 * through `dispatchRequest`, on one core, with the trail recording and with it switched off in this
 * process only (`switchAuditing`), taking turns (the order swapping every pair), after a warm-up.
 *
 * Remote: a loopback OpenAI-compatible server (scripts/fixtures/openAiServer.ts, a short fixed reply,
 * so the entries weigh as much as they can against the whole request): the app records `remote.sending`
 * before the first byte and `remote.completed` at the end, each in the transaction of the request's own
 * record. Local: the benchmark-shape model, whose sends record nothing (only loading a model does).
 */
import { AuditTrail } from '../../electron/core/audit/auditTrail.js';
import type { Enclave } from '../../electron/core/enclave.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import type { AuditDetails, AuditEntry, AuditEventType } from '../../electron/shared/audit.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { format, median, percentile } from './stats.js';

/** What one side's requests took, ms, and how many audit entries each wrote. */
export interface SendTimes {
  firstText: number[];
  total: number[];
  entries: number[];
  /** Tokens in each reply (the endpoint's count, or the model's). */
  tokens: number[];
}

export interface SendComparison {
  audited: SendTimes;
  unaudited: SendTimes;
  /** Median total with the trail recording over median total without it. */
  ratio: number;
  /** The median over pairs of one send's total with the trail recording over its neighbour's without. */
  pairedRatio: number;
  /** How long each `AuditTrail.record` took in the audited sends, ms. */
  recordTimes: number[];
}

export type SendPayload = Record<string, unknown> & { chatId: string; content: string };

/**
 * The trail's recording on or off, in this process only (Enclave has no such switch, and must not):
 * off, `record` is an instance method that writes nothing and returns an entry that was never stored;
 * on, the class's own `record`, timed into `recordTimes` when given.
 */
export function switchAuditing(trail: AuditTrail, recordTimes?: number[]): (on: boolean) => void {
  const skip = (type: AuditEventType, details: AuditDetails = {}, actor = 'app'): AuditEntry => ({ seq: 0, at: Date.now(), type, actor, details, hash: '' });
  const timed: AuditTrail['record'] = (...args) => {
    const startedAt = performance.now();
    const entry = AuditTrail.prototype.record.apply(trail, args);
    recordTimes?.push(performance.now() - startedAt);
    return entry;
  };
  return (on) => {
    if (!on) trail.record = skip;
    else if (recordTimes) trail.record = timed;
    else Reflect.deleteProperty(trail, 'record');
  };
}

/** One `chats.send`: ms to the first text and to the end, and the entries it added to the trail. */
async function sendOnce(core: Enclave, trail: AuditTrail, payload: SendPayload): Promise<{ firstText: number; total: number; entries: number; tokens: number }> {
  const before = trail.length;
  const startedAt = performance.now();
  let firstText = 0;
  let ended: (event: Extract<ReplyEvent, { type: 'end' }>) => void = () => undefined;
  const finished = new Promise<Extract<ReplyEvent, { type: 'end' }>>((resolve) => (ended = resolve));
  const onEvent = (event: unknown) => {
    const reply = event as ReplyEvent;
    if (reply.type === 'text' && firstText === 0) firstText = performance.now();
    if (reply.type === 'end') ended(reply);
  };
  const sent = await dispatchRequest(core.handlers, 'chats.send', payload, onEvent);
  if (!sent.ok) throw new Error(sent.error.message);
  const { message } = await finished;
  const total = performance.now() - startedAt;
  if (message.status !== 'complete') throw new Error(`the reply ended ${message.status}: ${message.error?.message ?? ''}`);
  return { firstText: firstText - startedAt, total, entries: trail.length - before, tokens: message.tokensOut ?? 0 };
}

/**
 * `pairs` sends on each side after `warmUp` pairs, taking turns; `payloadFor(index)` gives each send
 * its own prompt (and chat), so both sides see the same mix.
 */
export async function compareSends(core: Enclave, pairs: number, warmUp: number, payloadFor: (index: number) => Promise<SendPayload>): Promise<SendComparison> {
  const trail = core.audit;
  if (!trail) throw new Error(`core did not start: ${core.status.startupError?.message ?? 'no audit trail'}`);
  const recordTimes: number[] = [];
  const setAuditing = switchAuditing(trail, recordTimes);
  const audited: SendTimes = { firstText: [], total: [], entries: [], tokens: [] };
  const unaudited: SendTimes = { firstText: [], total: [], entries: [], tokens: [] };
  let index = 0;
  try {
    for (let pair = 0; pair < warmUp + pairs; pair++) {
      for (const on of pair % 2 === 0 ? [true, false] : [false, true]) {
        setAuditing(on);
        const recordedBefore = recordTimes.length;
        const result = await sendOnce(core, trail, await payloadFor(index++));
        if (pair < warmUp) {
          recordTimes.length = recordedBefore;
          continue;
        }
        const side = on ? audited : unaudited;
        side.firstText.push(result.firstText);
        side.total.push(result.total);
        side.entries.push(result.entries);
        side.tokens.push(result.tokens);
      }
    }
  } finally {
    setAuditing(true);
  }
  const pairedRatio = median(audited.total.map((total, pair) => total / (unaudited.total[pair] ?? Number.NaN)));
  return { audited, unaudited, ratio: median(audited.total) / median(unaudited.total), pairedRatio, recordTimes };
}

export function describeSends(label: string, comparison: SendComparison): void {
  for (const [side, times] of [
    ['audited', comparison.audited],
    ['not audited', comparison.unaudited],
  ] as const) {
    const entries = median(times.entries);
    console.log(
      `  ${label} ${side.padEnd(11)} first text p50 ${format(median(times.firstText))} ms  p95 ${format(percentile(times.firstText, 95))} ms   ` +
        `end p50 ${format(median(times.total))} ms  p95 ${format(percentile(times.total, 95))} ms   entries/send ${format(entries, 0)}  tokens/reply ${format(median(times.tokens), 0)}  (${times.total.length} sends)`,
    );
  }
  const added = median(comparison.audited.total) - median(comparison.unaudited.total);
  console.log(
    `  ${label} added by auditing: ${format(added, 3)} ms at the median; ratio of medians ${format(comparison.ratio, 4)}, median of paired ratios ${format(comparison.pairedRatio, 4)}`,
  );
  if (median(comparison.audited.entries) === 0) console.log(`  ${label} sends record no entries, audited or not: the ratio is the run's noise`);
  const times = comparison.recordTimes;
  if (times.length > 0) {
    console.log(`  ${label} AuditTrail.record in these sends: p50 ${format(median(times), 3)} ms  p99 ${format(percentile(times, 99), 3)} ms  (${times.length} entries)`);
  }
}

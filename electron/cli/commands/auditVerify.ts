import { readFile, stat } from 'node:fs/promises';
import { EnclaveError } from '../../core/errors.js';
import { type AuditCheckpoint, type AuditVerification, auditCheckpointSchema } from '../../shared/audit.js';
import { expectOperands, parseCommand } from '../args.js';
import { displayPath } from '../documentText.js';
import { exitCodes } from '../errors.js';
import { printJson, printNotice } from '../output.js';
import { writeFileWhole } from '../outputFile.js';
import { withSession } from '../session.js';
import { auditUsage as usage } from '../usageData.js';
import type { CommandContext } from './context.js';

/** A checkpoint is a few hundred bytes: anything much larger is not one, and is not read into memory. */
const maxCheckpointBytes = 64 * 1024;

/**
 * `audit verify [--checkpoint <file>] [--json]`: exit 0 when the whole trail holds (and still holds the
 * checkpoint), 1 with the first entry that does not, named in one line on stderr.
 */
export async function auditVerifyCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { checkpoint: { type: 'string' }, json: { type: 'boolean' } }, usage);
  expectOperands(positionals, 0, 0, 'audit verify [--checkpoint <file>]', usage);
  // Read before core starts: a missing or foreign file is said without touching the trail.
  const checkpoint = values.checkpoint === undefined ? undefined : await readCheckpoint(values.checkpoint);
  const verification = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) =>
    session.request('audit.verify', checkpoint === undefined ? {} : { checkpoint }),
  );
  if (values.json) printJson(verification);
  if (verification.firstBad) {
    printNotice(`the audit trail does not verify: entry ${String(verification.firstBad.seq)}: ${verification.firstBad.reason}.`);
    return exitCodes.failure;
  }
  if (!values.json) process.stdout.write(`${verifiedText(verification, checkpoint)}\n`);
  if (!verification.sealed) {
    printNotice(
      'the trail is not sealed, as the database is not encrypted: it was checked as a hash chain only, which does not catch ' +
        'an edit whose author also recomputed the chain after it. Encrypt the database (enclave storage encrypt) to seal it from then on.',
    );
  }
  return exitCodes.ok;
}

/** `audit checkpoint [--out <file>]`: the signed head, as JSON, to keep off this machine. */
export async function auditCheckpointCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { out: { type: 'string' } }, usage);
  expectOperands(positionals, 0, 0, 'audit checkpoint [--out <file>]', usage);
  const checkpoint = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => session.request('audit.checkpoint', {}));
  const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else {
    writeFileWhole(values.out, [text]);
    printNotice(`wrote the checkpoint at entry ${String(checkpoint.seq)} to ${displayPath(values.out)}: keep a copy off this machine, where whoever can change the database cannot change it.`);
  }
  if (checkpoint.signature === null) printNotice('the trail is not sealed (the database is not encrypted), so this checkpoint is not signed.');
  return exitCodes.ok;
}

function verifiedText(verification: AuditVerification, checkpoint: AuditCheckpoint | undefined): string {
  const { entries, firstSeq, lastSeq } = verification;
  const span = firstSeq === null || lastSeq === null ? '' : ` (${String(firstSeq)} to ${String(lastSeq)}${firstSeq > 1 ? '; the ones before were pruned' : ''})`;
  const how = verification.sealed ? 'chained and sealed' : 'chained, not sealed';
  const held = checkpoint ? ` It still holds the checkpoint at entry ${String(checkpoint.seq)}.` : '';
  return `The audit trail verifies: ${String(entries)} ${entries === 1 ? 'entry' : 'entries'}${span}, ${how}.${held}`;
}

/** The checkpoint file, parsed and checked: unreadable, not JSON, or not a checkpoint are each said plainly. */
async function readCheckpoint(file: string): Promise<AuditCheckpoint> {
  let raw: string;
  try {
    if ((await stat(file)).size > maxCheckpointBytes) throw notACheckpoint(file, 'it is far too large');
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof EnclaveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new EnclaveError(code === 'ENOENT' ? 'not-found' : 'io-error', `Cannot read the checkpoint file ${displayPath(file)}: ${reason}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw notACheckpoint(file, 'it is not JSON');
  }
  const checked = auditCheckpointSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw notACheckpoint(file, `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return checked.data;
}

function notACheckpoint(file: string, why: string): EnclaveError {
  return new EnclaveError('invalid-request', `${displayPath(file)} is not an audit checkpoint written by "enclave audit checkpoint" (${why}).`);
}

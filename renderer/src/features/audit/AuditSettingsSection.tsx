import './audit.css';
import { AuditForwardingNote } from './AuditForwardingNote.js';

interface AuditSettingsSectionProps {
  /** The database file the trail lives in (app.status). */
  databasePath: string;
  onOpenAudit: () => void;
}

/** What the trail records, each group of acts once, as the README's list has them. */
const covered = [
  'Enclave starting and stopping, and the machine policy it read',
  'Models imported, checked, loaded or removed, and adapters attached',
  'Documents and collections added or removed',
  'Chats exported, imported or erased',
  'Every request to a remote endpoint, before it leaves, and how it ended; endpoints added or removed',
  'Settings changed; encryption, keys and backups',
  'Checks and exports of the trail itself',
];

/**
 * Settings › Audit trail: a note on the record (where it is, what it covers and never holds, why a
 * change to it is seen, how IT reads it), and the way to the Audit view. Nothing to set: the trail is
 * always kept, and only the machine policy decides how long.
 */
export function AuditSettingsSection({ databasePath, onOpenAudit }: AuditSettingsSectionProps) {
  return (
    <section className="column-section audit-note" aria-labelledby="audit-settings-title">
      <h3 id="audit-settings-title">Audit trail</h3>
      <p>
        Enclave keeps a record of what is done with the data here, by whom and when. It is kept in Enclave’s database, with your chats,
        and encrypted with them when the database is encrypted:
      </p>
      <p>
        <code>{databasePath}</code>
      </p>
      <p>It records:</p>
      <ul className="audit-note-list">
        {covered.map((item) => (
          <li key={item}>{item}.</li>
        ))}
      </ul>
      <p>
        It holds identifiers, hashes and counts only: never chat text, prompts, replies, document text, passphrases or keys. Each
        entry is chained to the one before it by its hash and sealed with a key the database does not hold, so an entry edited,
        removed, inserted or reordered is found when the trail is checked.
      </p>
      <p className="muted">
        For IT: <code>enclave audit verify</code> checks the trail and names the first entry that does not hold;{' '}
        <code>enclave audit export --format syslog</code> (or <code>jsonl</code>) writes it for a SIEM. Entries are kept for good
        unless the machine policy sets how long (<code>audit.retentionDays</code>).
      </p>
      <AuditForwardingNote />
      <div className="button-row">
        <button type="button" className="button" onClick={onOpenAudit}>
          Open the audit trail
        </button>
      </div>
    </section>
  );
}

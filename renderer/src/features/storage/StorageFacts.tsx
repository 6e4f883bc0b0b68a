import type { ReactNode } from 'react';
import type { StorageStatus } from '@shared/storage.js';
import { Icon } from '../../components/Icon.js';
import { formatDateTime } from '../../lib/format.js';
import { cipherName, protectionText } from './storageText.js';

/** Where the database and its key stand, in words, with the files IT may ask about. */
export function StorageFacts({ status }: { status: StorageStatus }) {
  return (
    <>
      <dl className="facts facts-wide storage-facts">
        <Fact term="Encryption">
          {status.encrypted ? (
            <span data-encrypted="true">Encrypted with {cipherName(status.cipher)}</span>
          ) : (
            <span className="badge badge-warning" data-encrypted="false">
              Not encrypted
            </span>
          )}
        </Fact>
        {status.encrypted && <Fact term="Key protected by">{protectionText(status)}</Fact>}
        <Fact term="OS keychain">{status.keychainAvailable ? 'Available' : 'Not available on this computer'}</Fact>
        {status.keyCreatedAt && <Fact term="Key created">{formatDate(status.keyCreatedAt)}</Fact>}
        {status.encrypted && (
          <Fact term="Recovery key">
            {status.recoveryKeyShownAt ? `Shown on ${formatDate(status.recoveryKeyShownAt)}; change the key to get a new one` : 'Not shown yet'}
          </Fact>
        )}
        <Fact term="Database" block>
          <code>{status.databasePath}</code>
        </Fact>
        {status.encrypted && (
          <Fact term="Key file" block>
            <code>{status.keyFilePath}</code>
          </Fact>
        )}
      </dl>
      <PolicyNotes status={status} />
    </>
  );
}

/** What the machine policy fixes here, said once, with the lock the rest of Settings uses. */
function PolicyNotes({ status }: { status: StorageStatus }) {
  const notes = [
    status.policy.encryption === 'required' && 'The machine policy requires encryption: the database cannot be left unencrypted.',
    !status.policy.allowPassphrase && 'The machine policy allows no passphrase: only the OS keychain keeps the key.',
  ].filter((note): note is string => typeof note === 'string');
  if (notes.length === 0) return null;
  return (
    <ul className="storage-policy-notes">
      {notes.map((note) => (
        <li key={note} className="muted">
          <Icon name="lock" /> <span className="visually-hidden">Set by policy: </span>
          {note}
        </li>
      ))}
    </ul>
  );
}

function Fact({ term, block, children }: { term: string; block?: boolean; children: ReactNode }) {
  return (
    <div className={block ? 'fact fact-block' : 'fact'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function formatDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatDateTime(time);
}

import { useRef, useState } from 'react';
import type { StorageStatus } from '@shared/storage.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';
import { BackupControls } from './BackupControls.js';
import { EncryptDialog } from './EncryptDialog.js';
import { PassphraseControls } from './PassphraseControls.js';
import { RekeyDialog } from './RekeyDialog.js';
import { ShowRecoveryKey } from './ShowRecoveryKey.js';
import { StorageFacts } from './StorageFacts.js';
import './storage.css';

const loadStatus = () => enclave().storage.status();

/**
 * Settings › Data: whether the database is encrypted and what keeps its key, the key's life (encrypt,
 * change, passphrase, the recovery key for IT), and backups. Encrypting, changing the key and
 * restoring reopen the database; the window then loads afresh.
 */
export function DataSection() {
  const storage = useLiveQuery<StorageStatus>(loadStatus);
  const [dialog, setDialog] = useState<'encrypt' | 'rekey' | null>(null);
  const [done, setDone] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => heading.current?.focus();
  const status = storage.value;

  return (
    <section className="column-section" aria-labelledby="data-settings-title">
      <h3 id="data-settings-title" ref={heading} tabIndex={-1}>
        Data
      </h3>
      <p className="muted">Your chats, documents and their search indexes live in one database on this computer.</p>
      {storage.error && <InlineAlert error={storage.error} prefix="Could not read how the data is stored" />}
      {!status && !storage.error && (
        <p role="status" className="muted">
          Reading how the data is stored…
        </p>
      )}
      {status && (
        <>
          <StorageFacts status={status} />
          <h4 className="storage-subheading">Encryption</h4>
          <div className="button-row">
            {!status.encrypted && (
              <button type="button" className="button button-primary" onClick={() => setDialog('encrypt')}>
                Encrypt now…
              </button>
            )}
            {status.encrypted && (
              <>
                <button type="button" className="button" onClick={() => setDialog('rekey')}>
                  Change key…
                </button>
                <PassphraseControls status={status} change={storage.change} onDone={setDone} />
              </>
            )}
            <ShowRecoveryKey available={status.encrypted && status.recoveryKeyShownAt === null} change={storage.change} returnFocus={focusHeading} />
          </div>
          <h4 className="storage-subheading">Backups</h4>
          <p className="muted">
            A backup is a copy of the whole database{status.encrypted ? ', encrypted with the same key' : ''}. It can be made while
            Enclave is in use.
          </p>
          <BackupControls status={status} onDone={setDone} />
          <EncryptDialog status={status} open={dialog === 'encrypt'} onOpenChange={(open) => setDialog(open ? 'encrypt' : null)} />
          <RekeyDialog
            status={status}
            open={dialog === 'rekey'}
            onOpenChange={(open) => setDialog(open ? 'rekey' : null)}
            returnFocus={focusHeading}
          />
        </>
      )}
      <p role="status" className="muted storage-done">
        {done}
      </p>
    </section>
  );
}

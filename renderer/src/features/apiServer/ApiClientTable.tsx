import { useRef, useState } from 'react';
import type { ApiTokenInfo } from '@shared/apiServer.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { TableHead } from '../../components/TableHead.js';
import { enclave } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { clientNameFieldId } from './AddApiClientForm.js';
import type { ApiServerChange } from './ApiServerSwitchForm.js';

/** The programs given a token: when each was made and last used, and Revoke, which asks first. */
export function ApiClientTable({ tokens, change }: { tokens: ApiTokenInfo[]; change: ApiServerChange }) {
  const [revoking, setRevoking] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement | null>(null);

  // Cancelled, focus goes back to the Revoke button; revoked, that button is gone with its row, so the
  // name field of "Add a client" takes it, the next thing a keyboard user is likely to need.
  function returnFocus() {
    const target = trigger.current?.isConnected ? trigger.current : document.getElementById(clientNameFieldId);
    target?.focus();
  }

  if (tokens.length === 0) {
    return <p className="muted">No clients yet. Add one below and give its token to the program.</p>;
  }
  return (
    <>
      <table className="data-table api-client-table" aria-label="Clients">
        <TableHead columns={['Name', 'Made', 'Last used']} actions />
        <tbody>
          {tokens.map((token) => (
            <tr key={token.name}>
              <th scope="row">{token.name}</th>
              <td>{formatDateTime(token.createdAt)}</td>
              <td>{token.lastUsedAt === null ? 'Never' : formatDateTime(token.lastUsedAt)}</td>
              <td>
                <div className="table-actions">
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    aria-label={`Revoke ${token.name}`}
                    onClick={(event) => {
                      trigger.current = event.currentTarget;
                      setRevoking(token.name);
                    }}
                  >
                    Revoke
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={`Revoke ${revoking ?? 'this client'}?`}
        description="Its token stops working at once: the program is refused until it is given a new one. The audit trail keeps the record of its requests."
        confirmLabel="Revoke client"
        busyLabel="Revoking…"
        errorPrefix="Could not revoke the client"
        returnFocus={returnFocus}
        onConfirm={() => {
          if (revoking === null) return Promise.resolve({ ok: true, value: null });
          const name = revoking;
          return change(() => enclave().apiServer.revokeToken({ name }));
        }}
      />
    </>
  );
}

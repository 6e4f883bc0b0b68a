import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import type { OutgoingFindingNotice, OutgoingPreview } from '@shared/remote.js';
import { useRemote } from './RemoteProvider.js';
import { detectorNames, type RemoteTarget } from './remoteTarget.js';
import type { RemoteSend } from './useRemoteSend.js';
import './remote.css';

const locationWords: Record<OutgoingFindingNotice['location'], string> = {
  prompt: 'in your message',
  history: 'in an earlier message',
  passages: 'in document passages',
};

const actionWords: Record<OutgoingFindingNotice['action'], string> = {
  redact: 'replaced before sending',
  warn: 'sent as it is',
  block: 'not allowed to leave',
};

/**
 * Above the composer: what the data-loss check did to the last remote message (or why it was not
 * sent), and the question to ask when the policy wants the user to confirm sensitive data first.
 */
export function OutgoingCheck({ check }: { check: RemoteSend }) {
  const { notice, confirming } = check;
  const endpoints = useRemote()?.endpoints ?? [];
  const destination = confirming
    ? `${endpoints.find((endpoint) => endpoint.id === confirming.target.endpointId)?.name ?? 'the remote endpoint'} (${confirming.target.model})`
    : '';
  return (
    <>
      {notice?.kind === 'failed' && <InlineAlert error={notice.error} prefix="Your message was not sent" onDismiss={check.dismissNotice} />}
      {notice?.kind === 'blocked' && (
        <InlineAlert
          error={{ code: 'dlp-blocked', message: `${notice.reason} Your text is still in the box below, to edit.` }}
          prefix="Blocked by the machine policy"
          onDismiss={check.dismissNotice}
        />
      )}
      {notice?.kind === 'sent' && <SentNotice preview={notice.preview} onDismiss={check.dismissNotice} />}
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) confirming?.answer(false);
        }}
        title="Send sensitive data?"
        description={`Nothing has been sent yet. The machine policy asks you to confirm before this message goes to ${destination} with:`}
        confirmLabel="Send anyway"
        busyLabel="Sending…"
        errorPrefix="Not sent"
        onConfirm={() => {
          confirming?.answer(true);
          return Promise.resolve({ ok: true, value: null });
        }}
        returnFocus={focusComposer}
      >
        {confirming && <FindingList findings={confirming.preview.findings} />}
      </ConfirmDialog>
    </>
  );
}

function SentNotice({ preview, onDismiss }: { preview: OutgoingPreview; onDismiss: () => void }) {
  // The reason already says where it went and how many values were replaced; the title says what happened.
  const title = preview.route === 'local' ? 'Kept on this computer.' : 'Checked before sending.';
  return (
    <section className="outgoing-notice" aria-label="Data-loss check" data-route={preview.route}>
      <div className="outgoing-notice-head">
        <p className="outgoing-notice-title">
          <strong>{title}</strong> {preview.reason}
        </p>
        <button type="button" className="icon-button" aria-label="Dismiss the data-loss check" onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {preview.findings.length > 0 && <FindingList findings={preview.findings} />}
    </section>
  );
}

/** The findings, the same value in the same place listed once with a count (an address quoted in every reply, say). */
function FindingList({ findings }: { findings: OutgoingFindingNotice[] }) {
  const counted = new Map<string, { finding: OutgoingFindingNotice; count: number }>();
  for (const finding of findings) {
    const key = [finding.detector, finding.masked, finding.location, finding.action].join('\u0000');
    const entry = counted.get(key);
    if (entry) entry.count++;
    else counted.set(key, { finding, count: 1 });
  }
  return (
    <ul className="finding-list" aria-label="Sensitive data found">
      {[...counted.entries()].map(([key, { finding, count }]) => (
        <li key={key} data-action={finding.action}>
          <span className="finding-kind">{detectorNames[finding.detector]}</span> <code>{finding.masked}</code>{' '}
          <span className="muted">
            {count > 1 ? `${locationWords[finding.location]} (${count} times)` : locationWords[finding.location]}:{' '}
            {actionWords[finding.action]}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** An empty chat's first line when a remote model is chosen: it does not say that nothing leaves. */
export function RemoteStartNote({ target }: { target: RemoteTarget }) {
  const endpoint = useRemote()?.endpoints?.find((candidate) => candidate.id === target.endpointId);
  return (
    <p className="muted">
      Send a message to start. {target.model} on {endpoint?.name ?? 'a remote endpoint'} answers: each message is checked for
      sensitive data before it leaves this computer, as the machine policy says.
    </p>
  );
}

/** After the question, keyboard focus goes back to where the user was writing. */
function focusComposer() {
  document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')?.focus();
}

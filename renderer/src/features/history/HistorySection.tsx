import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { ChatEraseReport, ChatExportFormat, ChatImportReport as ImportReport } from '@shared/history.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { JsonFileButton } from '../../components/JsonFileButton.js';
import { enclave, settle } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { Icon } from '../../components/Icon.js';
import { useRemote } from '../remote/RemoteProvider.js';
import { readTextFile } from '../../lib/readTextFile.js';
import { ChatImportReport } from './ChatImportReport.js';
import { exportChatsToFile } from './exportChats.js';

/**
 * Settings › Chat history: every chat exported as Markdown or JSON, a JSON export imported back
 * (nothing duplicated), and everything deleted with the text erased from the database file.
 */
export function HistorySection() {
  const [problem, setProblem] = useState<{ prefix: string; error: AppError } | null>(null);
  const [imported, setImported] = useState<{ fileName: string; report: ImportReport } | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [erased, setErased] = useState<ChatEraseReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // The machine policy may forbid exports (export.allowed): the buttons say so rather than fail.
  const exportRefusal = useRemote()?.policy?.chatExportRefusal ?? null;

  async function exportAll(format: ChatExportFormat) {
    setBusy(true);
    const result = await exportChatsToFile({ all: true, format });
    setBusy(false);
    setExported(result.ok ? `Exported ${formatCount(result.value.chatCount, 'chat')} (${formatCount(result.value.messageCount, 'message')}) to ${result.value.fileName}.` : null);
    setProblem(result.ok ? null : { prefix: 'Could not export the chats', error: result.error });
  }

  async function importFile(file: File) {
    setBusy(true);
    const content = await readTextFile(file);
    if (!content.ok) {
      setBusy(false);
      setProblem({ prefix: 'Could not import', error: content.error });
      return;
    }
    const result = await settle(() => enclave().chats.importChats({ content: content.value }));
    setBusy(false);
    setImported(result.ok ? { fileName: file.name, report: result.value } : null);
    setProblem(result.ok ? null : { prefix: `Could not import ${file.name}`, error: result.error });
  }

  return (
    <section className="column-section" aria-labelledby="history-settings-title">
      <h3 id="history-settings-title">Chat history</h3>
      <p className="muted">Exports include each chat’s title, dates, models and every branch. Importing a JSON export adds only what is not here yet.</p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={busy || exportRefusal !== null}
          aria-describedby={exportRefusal ? 'history-export-refusal' : undefined}
          onClick={() => void exportAll('md')}
        >
          Export all as Markdown
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || exportRefusal !== null}
          aria-describedby={exportRefusal ? 'history-export-refusal' : undefined}
          onClick={() => void exportAll('json')}
        >
          Export all as JSON
        </button>
        <JsonFileButton disabled={busy} onPick={(file) => void importFile(file)}>
          Import chats…
        </JsonFileButton>
      </div>
      {exportRefusal && (
        <p id="history-export-refusal" className="muted locked-reason" data-export="not-allowed">
          <Icon name="lock" /> {exportRefusal}
        </p>
      )}
      <p role="status" className="muted">
        {exported ?? ''}
        {erased &&
          `Deleted ${formatCount(erased.chatsDeleted, 'chat')} and ${formatCount(erased.messagesDeleted, 'message')}. ${
            erased.fileErased
              ? 'Their text is erased from the database file.'
              : 'Erasure pending: another program is reading the database, so their text leaves the file as soon as it lets go; nothing more to do.'
          }`}
      </p>
      {problem && <InlineAlert error={problem.error} prefix={problem.prefix} onDismiss={() => setProblem(null)} />}
      {imported && <ChatImportReport fileName={imported.fileName} report={imported.report} onDismiss={() => setImported(null)} />}
      <div className="button-row">
        <button type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
          Delete all chats…
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete every chat?"
        description="Every chat and every message is deleted, and their text is erased from the database file on this computer, not only hidden. Files dropped into chats go with them. This cannot be undone; export first to keep a copy."
        confirmLabel="Delete all chats"
        busyLabel="Erasing…"
        errorPrefix="Could not delete the chats"
        onConfirm={async () => {
          const result = await settle(() => enclave().chats.removeAll());
          setErased(result.ok ? result.value : null);
          if (result.ok) setExported(null);
          return result;
        }}
      />
    </section>
  );
}

import type { ChatImportReport as Report } from '../../../../electron/shared/history.js';
import { formatCount } from '../../lib/format.js';

/** What an imported file brought: new chats, chats that gained messages, what was already here, and what was refused and why. */
export function ChatImportReport({ fileName, report, onDismiss }: { fileName: string; report: Report; onDismiss(): void }) {
  const parts = [
    `${formatCount(report.chatsImported, 'chat')} imported`,
    report.chatsMerged > 0 && `${formatCount(report.chatsMerged, 'chat')} gained messages`,
    report.chatsUnchanged > 0 && `${formatCount(report.chatsUnchanged, 'chat')} already here`,
    `${formatCount(report.messagesImported, 'message')} added`,
    report.messagesSkipped > 0 && `${formatCount(report.messagesSkipped, 'message')} already here, skipped`,
    report.rejected.length > 0 && `${formatCount(report.rejected.length, 'chat')} not valid`,
  ].filter(Boolean);
  return (
    <section className="import-report" aria-label="Import result" role="status">
      <p>
        <strong>{fileName}:</strong> {parts.join(', ')}.
      </p>
      {report.rejected.length > 0 && (
        <ul className="import-report-problems">
          {report.rejected.map((chat) => (
            <li key={chat.index}>
              Chat {chat.index + 1}
              {chat.title ? ` “${chat.title}”` : ''} was not imported: {chat.reason}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}

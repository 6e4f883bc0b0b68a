import type { ChatImportReport as Report } from '@shared/history.js';
import { ImportReport } from '../../components/ImportReport.js';
import { formatCount } from '../../lib/format.js';

/** What an imported file brought: new chats, chats that gained messages, what was already here, and what was refused and why. */
export function ChatImportReport({ fileName, report, onDismiss }: { fileName: string; report: Report; onDismiss: () => void }) {
  const parts = [
    `${formatCount(report.chatsImported, 'chat')} imported`,
    report.chatsMerged > 0 && `${formatCount(report.chatsMerged, 'chat')} gained messages`,
    report.chatsUnchanged > 0 && `${formatCount(report.chatsUnchanged, 'chat')} already here`,
    `${formatCount(report.messagesImported, 'message')} added`,
    report.messagesSkipped > 0 && `${formatCount(report.messagesSkipped, 'message')} already here, skipped`,
    report.rejected.length > 0 && `${formatCount(report.rejected.length, 'chat')} not valid`,
  ].filter(Boolean);
  const refused = report.rejected.map((chat) => ({ index: chat.index, name: chat.title, reason: chat.reason }));
  return <ImportReport fileName={fileName} summary={parts.join(', ')} entryLabel="Chat" refused={refused} onDismiss={onDismiss} />;
}

import { Fragment, useRef, useState } from 'react';
import type { DocumentInfo } from '@shared/documents.js';
import type { Result } from '@shared/errors.js';
import { TableHead } from '../../components/TableHead.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { describeError } from '../../lib/api.js';
import { formatBytes, formatDate, formatDateTime } from '../../lib/format.js';

const formatLabels: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word',
  txt: 'Text',
  markdown: 'Markdown',
  html: 'HTML',
  csv: 'CSV',
};

interface DocumentTableProps {
  collectionName: string;
  documents: DocumentInfo[];
  onRemove: (documentId: string) => Promise<Result<unknown>>;
}

/**
 * A collection's documents, one row each: what it is, how much of it is indexed, and whether it
 * worked; under a row, why it failed, or what is worth knowing about it (unreadable pages, a copy
 * restriction) when it was indexed all the same.
 */
export function DocumentTable({ collectionName, documents, onRemove }: DocumentTableProps) {
  const [removing, setRemoving] = useState<{ document: DocumentInfo; opener: HTMLElement } | null>(null);
  const table = useRef<HTMLTableElement>(null);
  return (
    <>
      <table ref={table} className="document-table" aria-label={`Documents in ${collectionName}`} tabIndex={-1}>
        <TableHead columns={['File', 'Format', { label: 'Pages', numeric: true }, { label: 'Passages', numeric: true }, 'Status', 'Added']} actions />
        <tbody>
          {documents.map((document) => (
            <Fragment key={document.id}>
              <tr data-status={document.status}>
                <th scope="row" className="document-name">
                  <span className="document-file-name" title={document.path}>
                    {document.fileName}
                  </span>
                  <span className="muted document-size">{formatBytes(document.sizeBytes)}</span>
                </th>
                <td>{formatLabels[document.format] ?? document.format.toUpperCase()}</td>
                <td className="numeric">{document.pageCount ?? '—'}</td>
                <td className="numeric">{document.chunkCount.toLocaleString('en-US')}</td>
                <td>
                  <DocumentStatus document={document} />
                </td>
                <td className="document-added" title={formatDateTime(document.addedAt)}>
                  {formatDate(document.addedAt)}
                </td>
                <td className="document-actions">
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={(event) => setRemoving({ document, opener: event.currentTarget })}
                  >
                    Remove<span className="visually-hidden"> {document.fileName}</span>
                  </button>
                </td>
              </tr>
              {document.status === 'error' && document.error && (
                <tr className="document-error-row">
                  <td colSpan={7}>
                    <span className="visually-hidden">{document.fileName}: </span>
                    {describeError(document.error)}
                  </td>
                </tr>
              )}
              {document.status === 'ready' && document.notices.length > 0 && (
                <tr className="document-notice-row">
                  <td colSpan={7}>
                    <span className="visually-hidden">{document.fileName}: </span>
                    <ul className="document-notices">
                      {document.notices.map((notice) => (
                        <li key={notice}>{notice}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setRemoving(null)}
          title={`Remove ${removing.document.fileName}?`}
          description={`Its text and index leave ${collectionName}; the file on disk is not touched. Answers already given keep the passages they quoted.`}
          confirmLabel="Remove document"
          busyLabel="Removing…"
          errorPrefix="Could not remove the document"
          onConfirm={() => onRemove(removing.document.id)}
          // The row goes with the document; focus then lands on the table rather than on nothing.
          returnFocus={() => (removing.opener.isConnected ? removing.opener : table.current)?.focus()}
        />
      )}
    </>
  );
}

function DocumentStatus({ document }: { document: DocumentInfo }) {
  switch (document.status) {
    case 'ready':
      return <span className="badge badge-success">Ready</span>;
    case 'indexing':
      return <span className="badge badge-accent">Indexing…</span>;
    case 'error':
      return <span className="badge badge-danger">Failed</span>;
  }
}

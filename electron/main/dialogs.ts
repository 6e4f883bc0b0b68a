import path from 'node:path';
import { app, BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { CoreServices } from '../core/app.js';
import type { AuditFileKind } from '../shared/audit.js';
import { documentExtensions, imageExtensions } from '../shared/documents.js';
import type { GrantPurpose } from '../shared/fileGrants.js';
import type { WindowFileGrants } from './fileGrants.js';

const ggufFilter = { name: 'GGUF models', extensions: ['gguf'] };

const importFilesOptions: OpenDialogOptions = {
  title: 'Import models',
  buttonLabel: 'Import',
  properties: ['openFile', 'multiSelections'],
  filters: [ggufFilter],
};

const importFolderOptions: OpenDialogOptions = {
  title: 'Import a folder of models',
  buttonLabel: 'Import folder',
  properties: ['openDirectory'],
};

const documentFilesOptions: OpenDialogOptions = {
  title: 'Add documents',
  buttonLabel: 'Add',
  properties: ['openFile', 'multiSelections'],
  filters: [{ name: 'Documents', extensions: [...documentExtensions, ...imageExtensions] }],
};

const documentFolderOptions: OpenDialogOptions = {
  title: 'Add a folder of documents',
  buttonLabel: 'Add folder',
  properties: ['openDirectory'],
};

const adapterOptions: OpenDialogOptions = {
  title: 'Attach a LoRA adapter',
  buttonLabel: 'Attach',
  properties: ['openFile'],
  filters: [{ name: 'GGUF LoRA adapters', extensions: ['gguf'] }],
};

const backupExtension = 'enclave-backup';

const backupFileOptions: OpenDialogOptions = {
  title: 'Restore from a backup',
  buttonLabel: 'Restore',
  properties: ['openFile'],
  // A copy of enclave.db itself restores too.
  filters: [{ name: 'Enclave backups', extensions: [backupExtension, 'db'] }],
};

/** Today's backup in the Documents folder; the date keeps a second backup from replacing the first by default. */
function backupDestinationOptions(now: Date): SaveDialogOptions {
  const fileName = `enclave-${localDay(now)}.${backupExtension}`;
  const folder = documentsFolder();
  return {
    title: 'Back up Enclave',
    buttonLabel: 'Back up',
    defaultPath: folder ? path.join(folder, fileName) : fileName,
    filters: [{ name: 'Enclave backups', extensions: [backupExtension] }],
    // Linux asks before replacing a file only when told to (Windows and macOS always ask).
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** What each audit file is called by default (with today's date) and which files the dialog shows. */
const auditFiles: Record<AuditFileKind, { title: string; name: string; extension: string; filter: string }> = {
  jsonl: { title: 'Export the audit trail', name: 'enclave-audit', extension: 'jsonl', filter: 'JSON Lines' },
  syslog: { title: 'Export the audit trail', name: 'enclave-audit', extension: 'log', filter: 'Syslog (RFC 5424)' },
  checkpoint: { title: 'Save an audit checkpoint', name: 'enclave-audit-checkpoint', extension: 'json', filter: 'Audit checkpoints' },
};

/** Today's audit export (or checkpoint) in the Documents folder, asking before it replaces a file. */
function auditDestinationOptions(kind: AuditFileKind, now: Date): SaveDialogOptions {
  const file = auditFiles[kind];
  const fileName = `${file.name}-${localDay(now)}.${file.extension}`;
  const folder = documentsFolder();
  return {
    title: file.title,
    buttonLabel: kind === 'checkpoint' ? 'Save' : 'Export',
    defaultPath: folder ? path.join(folder, fileName) : fileName,
    filters: [{ name: file.filter, extensions: [file.extension] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** "2026-03-09": the local day, so a second file made on another day does not replace the first by default. */
function localDay(now: Date): string {
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
}

/** The user's Documents folder; null where the OS names none (Electron then throws), and the dialog starts where it likes. */
function documentsFolder(): string | null {
  try {
    return app.getPath('documents');
  } catch {
    return null;
  }
}

type FilePickers = Required<
  Pick<CoreServices, 'pickModelFiles' | 'pickAdapterFile' | 'pickDocumentFiles' | 'pickBackupDestination' | 'pickBackupFile' | 'pickAuditDestination'>
>;

/**
 * The native open and save dialogs core asks through. What the user picks is granted to the window
 * the dialog belongs to (the focused one), for that dialog's purpose only; core gets the grants.
 */
export function createFilePickers(grants: WindowFileGrants): FilePickers {
  /** Shows an open dialog attached to the focused window; grants for the chosen paths, or null when cancelled. */
  async function pick(options: OpenDialogOptions, purpose: GrantPurpose): Promise<string[] | null> {
    const owner = BrowserWindow.getFocusedWindow();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    if (result.canceled || result.filePaths.length === 0) return null;
    return grants.grant(owner?.webContents ?? null, result.filePaths, purpose);
  }
  /** Shows a save dialog attached to the focused window; a grant for the chosen path (which may not exist yet), or null. */
  async function pickDestination(options: SaveDialogOptions, purpose: GrantPurpose): Promise<string | null> {
    const owner = BrowserWindow.getFocusedWindow();
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    return (await grants.grant(owner?.webContents ?? null, [result.filePath], purpose))[0] ?? null;
  }
  return {
    // .gguf files (several at once) or a folder of them.
    pickModelFiles: (which) => pick(which === 'folder' ? importFolderOptions : importFilesOptions, 'models'),
    // One LoRA adapter file.
    pickAdapterFile: async () => (await pick(adapterOptions, 'adapter'))?.[0] ?? null,
    // Documents (several at once) or a folder of them.
    pickDocumentFiles: (which) => pick(which === 'folder' ? documentFolderOptions : documentFilesOptions, 'documents'),
    // A backup to put in place of the database.
    pickBackupFile: async () => (await pick(backupFileOptions, 'restore'))?.[0] ?? null,
    // Where to write a backup.
    pickBackupDestination: () => pickDestination(backupDestinationOptions(new Date()), 'backup'),
    // Where to write an audit export or checkpoint.
    pickAuditDestination: (kind) => pickDestination(auditDestinationOptions(kind, new Date()), 'export'),
  };
}

import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import { documentExtensions } from '../shared/documents.js';

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
  filters: [{ name: 'Documents', extensions: [...documentExtensions] }],
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

/** Shows an open dialog attached to the focused window; the chosen paths, or null when cancelled. */
async function showOpenDialog(options: OpenDialogOptions): Promise<string[] | null> {
  const owner = BrowserWindow.getFocusedWindow();
  const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}

/** Asks the user for .gguf files (several at once) or a folder of them. */
export function pickModelFiles(pick: 'files' | 'folder'): Promise<string[] | null> {
  return showOpenDialog(pick === 'folder' ? importFolderOptions : importFilesOptions);
}

/** Asks the user for one LoRA adapter file. */
export async function pickAdapterFile(): Promise<string | null> {
  return (await showOpenDialog(adapterOptions))?.[0] ?? null;
}

/** Asks the user for documents (several at once) or a folder of them. */
export function pickDocumentFiles(pick: 'files' | 'folder'): Promise<string[] | null> {
  return showOpenDialog(pick === 'folder' ? documentFolderOptions : documentFilesOptions);
}

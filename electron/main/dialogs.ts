import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

const importModelOptions: OpenDialogOptions = {
  title: 'Import a model',
  buttonLabel: 'Import',
  properties: ['openFile'],
  filters: [{ name: 'GGUF models', extensions: ['gguf'] }],
};

/** Asks the user for a .gguf file, attached to the focused window; null when they cancel. */
export async function pickModelFile(): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow();
  const result = owner
    ? await dialog.showOpenDialog(owner, importModelOptions)
    : await dialog.showOpenDialog(importModelOptions);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * Offers text as a file the user saves (an export). Made in the page from a Blob, so the content never
 * travels back to the main process just to be written; the app's session decides where it is saved.
 */
export function saveTextFile(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the Blob by now; the URL is only needed for the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}


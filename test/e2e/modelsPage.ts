/**
 * Locators for the Documents, Models and Settings views, by role and accessible name, as a keyboard or
 * screen-reader user finds them.
 */
import type { Locator, Page } from 'playwright-core';

/** Opens a section from the sidebar's navigation and waits for its heading. */
export async function openSection(page: Page, name: 'Documents' | 'Models' | 'Settings' | 'Audit trail'): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

export const modelRow = (page: Page, name: string): Locator =>
  page.getByRole('list', { name: 'Models in your library' }).getByRole('button', { name });

/** The detail pane of the model shown, by its name. */
export const inspector = (page: Page, name: string): Locator => page.getByRole('article', { name, exact: true });

export async function inspect(page: Page, name: string): Promise<Locator> {
  await modelRow(page, name).click();
  const article = inspector(page, name);
  await article.waitFor();
  return article;
}

export const importResult = (page: Page): Locator => page.getByRole('region', { name: 'Import result' });
export const memoryEstimate = (scope: Locator): Locator => scope.getByRole('region', { name: 'Memory estimate' });

/** Runs an import from the Models view's toolbar with the (boundary-mocked) dialog answering `files`. */
export async function clickImport(page: Page, mode: 'copy' | 'link' = 'copy'): Promise<void> {
  const label = mode === 'copy' ? 'Copy into Enclave’s models folder' : 'Use in place';
  await page.getByRole('radio', { name: label }).check();
  await page.getByRole('button', { name: 'Import models…' }).click();
}

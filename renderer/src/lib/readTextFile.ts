import type { Result } from '@shared/errors.js';

/** The text of a file the user picked, or an error in plain words naming the file when it cannot be read. */
export async function readTextFile(file: File): Promise<Result<string>> {
  try {
    return { ok: true, value: await file.text() };
  } catch {
    return { ok: false, error: { code: 'invalid-request', message: `Enclave could not read ${file.name}.` } };
  }
}

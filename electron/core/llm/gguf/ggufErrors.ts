/** The messages a damaged GGUF file earns; every one names the file and says what to do next. */
import { EnclaveError } from '../../errors.js';

/** A file whose header contradicts itself or claims what no real model has. */
export function corruptModel(fileName: string, detail: string): EnclaveError {
  return new EnclaveError(
    'model-corrupt',
    `${fileName} is damaged: ${detail}. Get the model file again from where it came from.`,
  );
}

/** A file that ends before the data its (consistent) header describes: usually an interrupted download. */
export function truncatedModel(fileName: string, detail: string): EnclaveError {
  return new EnclaveError(
    'model-truncated',
    `${fileName} is incomplete: ${detail}. The download or copy was probably interrupted; get the model file again.`,
  );
}

/** Quotes text read from a file for a message: at most 60 characters, control characters escaped. */
export function quoteFromFile(text: string): string {
  const shortened = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shortened);
}

/** "1.2 MB", "620 MB", "3.1 GB": sizes as a person reads them. */
export function formatBytes(bytes: number | bigint): string {
  const value = Number(bytes);
  if (value < 1000) return `${value} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let scaled = value / 1000;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled < 10 ? scaled.toFixed(1) : Math.round(scaled)} ${units[unit]}`;
}

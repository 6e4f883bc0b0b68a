/**
 * Runs once before the test files: generates the small GGUF test models into the shared cache, so
 * parallel workers never race to write the same file.
 */
import { ensureTestModel } from '../scripts/generate-test-models.js';

export default async function setup(): Promise<void> {
  await ensureTestModel('tiny-chat');
  await ensureTestModel('tiny-embedding');
}

import type { DocumentHit } from '../../shared/documents.js';
import type { Passage } from './store/retrieve.js';

/**
 * The passages a chat's reply is given when the files added to the chat fit whole (`whole`, every
 * passage of them in reading order, at most `topK`): all of them, those the search found where it
 * ranked them with their score, the rest after the found ones with score 0 (given as part of the
 * chat's files, not found by the question). Passages of the chat's other collections fill the slots
 * left, in the search's order.
 */
export function withWholeFiles(hits: readonly DocumentHit[], whole: readonly Passage[], topK: number): DocumentHit[] {
  const own = new Set(whole.map((passage) => passage.chunkId));
  const found = new Set(hits.map((hit) => hit.chunkId));
  let otherSlots = Math.max(0, topK - whole.length);
  const kept = hits.filter((hit) => own.has(hit.chunkId) || otherSlots-- > 0);
  const unmatched = whole.filter((passage) => !found.has(passage.chunkId)).map((passage) => ({ ...passage, score: 0 }));
  return [...kept, ...unmatched];
}

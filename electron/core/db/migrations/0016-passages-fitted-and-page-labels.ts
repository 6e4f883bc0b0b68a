import type { Migration } from './index.js';

/**
 * Two facts about answers from documents. A reply whose model could not hold every passage records how
 * many were retrieved and which one was shortened (`message_sources` keeps only the passages it was
 * given). A PDF page with a printed label ("xii", "1109") other than its position keeps that label on
 * its chunks and in the sources snapshot, for citations like "p. 1109 (PDF page 1125)".
 */
export const migration0016PassagesFittedAndPageLabels: Migration = {
  version: 16,
  name: 'passages-fitted-and-page-labels',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN passages_retrieved INTEGER;
      ALTER TABLE messages ADD COLUMN passage_shortened INTEGER;
      ALTER TABLE chunks ADD COLUMN page_label TEXT;
      ALTER TABLE message_sources ADD COLUMN page_label TEXT;
    `);
  },
};

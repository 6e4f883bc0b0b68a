import type { Migration } from './index.js';

/**
 * Code point ranges of the scripts written without spaces between words: Han (CJK ideographs,
 * extension A, compatibility ideographs, 々〆〇, the supplementary ideographic planes), Hiragana and
 * Katakana, Katakana phonetic extensions, Thai, Lao, Khmer, Myanmar. The same ranges as
 * `unspacedCharacter` in documents/store/scriptSearch.ts, which decides which query terms look in
 * this index; a test holds them equal.
 */
export const unspacedRanges: readonly (readonly [number, number])[] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0xf900, 0xfaff],
  [0x3005, 0x3007],
  [0x3041, 0x30ff],
  [0x31f0, 0x31ff],
  [0x20000, 0x3fffd],
  [0x0e01, 0x0e5b],
  [0x0e81, 0x0eff],
  [0x1780, 0x17ff],
  [0x1000, 0x109f],
];

/** A text holding a character of those ranges, as a GLOB pattern (ranges compare code points). */
const unspacedGlob = `'*[${unspacedRanges.map(([first, last]) => `${String.fromCodePoint(first)}-${String.fromCodePoint(last)}`).join('')}]*'`;

/**
 * A second full-text index over the chunk text for scripts written without spaces between words
 * (Chinese, Japanese, Thai). The `unicode61` index (migration 3) cuts text at spaces and punctuation,
 * so "今年の受験者数は増えた" is one token and "受験者数" matches nothing. The `trigram` tokenizer
 * indexes every run of three characters, so any substring of three or more characters can be found.
 *
 * Only chunks holding such characters are indexed: a trigram index is about three times the size of
 * the text (seven times the `unicode61` one on English manuals), and a library without these scripts
 * would pay that for nothing. Query terms of these scripts can only match such chunks anyway.
 *
 * One- and two-character words (common in Chinese and Japanese) have no trigram of their own: they are
 * found as the start of the trigrams that begin with them, listed by `chunks_trigram_terms` (an
 * `fts5vocab` view of the index's terms, read by range). So that a word at the very end of a chunk
 * (or a chunk of one or two characters) begins a trigram too, the index reads each chunk's text with
 * two line feeds appended, through the view `chunks_trigram_source` (see documents/store/scriptSearch.ts).
 *
 * Like `chunks_fts` it is an external-content index, kept in step by triggers, with `secure-delete`
 * on (see migration 8). It is filled from the existing chunks with one `rebuild`: a single pass over
 * `chunks` inside the migration's transaction, not a statement per row.
 */
export const migration0015TrigramSearch: Migration = {
  version: 15,
  name: 'trigram-search',
  up(db) {
    db.exec(`
      CREATE VIEW chunks_trigram_source AS
        SELECT id, text || char(10, 10) AS text FROM chunks WHERE text GLOB ${unspacedGlob};

      CREATE VIRTUAL TABLE chunks_trigram USING fts5(
        text,
        content = 'chunks_trigram_source',
        content_rowid = 'id',
        tokenize = 'trigram'
      );
      CREATE VIRTUAL TABLE chunks_trigram_terms USING fts5vocab(chunks_trigram, 'row');

      CREATE TRIGGER chunks_trigram_after_insert AFTER INSERT ON chunks
      WHEN new.text GLOB ${unspacedGlob} BEGIN
        INSERT INTO chunks_trigram (rowid, text) VALUES (new.id, new.text || char(10, 10));
      END;
      CREATE TRIGGER chunks_trigram_after_delete AFTER DELETE ON chunks
      WHEN old.text GLOB ${unspacedGlob} BEGIN
        INSERT INTO chunks_trigram (chunks_trigram, rowid, text) VALUES ('delete', old.id, old.text || char(10, 10));
      END;
      CREATE TRIGGER chunks_trigram_after_update AFTER UPDATE OF text ON chunks BEGIN
        INSERT INTO chunks_trigram (chunks_trigram, rowid, text)
          SELECT 'delete', old.id, old.text || char(10, 10) WHERE old.text GLOB ${unspacedGlob};
        INSERT INTO chunks_trigram (rowid, text)
          SELECT new.id, new.text || char(10, 10) WHERE new.text GLOB ${unspacedGlob};
      END;

      INSERT INTO chunks_trigram (chunks_trigram) VALUES ('rebuild');
      INSERT INTO chunks_trigram (chunks_trigram, rank) VALUES ('secure-delete', 1);
    `);
  },
};

import type { Migration } from './index.js';

/**
 * Conversations become trees: each message has a parent, editing a message or regenerating a reply
 * adds a sibling, and `chats.leaf_message_id` marks the end of the branch shown (the path the model
 * reads). Existing chats become one straight branch. Presets ("assistants") bundle a system prompt,
 * sampling settings, a default model and collections; a chat may use one. Messages keep which preset
 * wrote them and, when history was cut to fit the context, how many turns were left out.
 */
export const migration0007BranchesAndPresets: Migration = {
  version: 7,
  name: 'branches-and-presets',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE;
      UPDATE messages SET parent_id = (
        SELECT previous.id FROM messages previous
        WHERE previous.chat_id = messages.chat_id AND previous.seq < messages.seq
        ORDER BY previous.seq DESC LIMIT 1
      );
      CREATE INDEX messages_by_parent ON messages(parent_id);

      ALTER TABLE chats ADD COLUMN leaf_message_id TEXT;
      UPDATE chats SET leaf_message_id = (SELECT id FROM messages m WHERE m.chat_id = chats.id ORDER BY seq DESC LIMIT 1);

      CREATE TABLE presets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        sampling_json TEXT NOT NULL DEFAULT '{}',
        default_model_id TEXT,
        default_collection_ids_json TEXT NOT NULL DEFAULT '[]',
        json_schema TEXT,
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE chats ADD COLUMN preset_id TEXT REFERENCES presets(id) ON DELETE SET NULL;
      ALTER TABLE messages ADD COLUMN preset_name TEXT;
      ALTER TABLE messages ADD COLUMN dropped_turns INTEGER;
      ALTER TABLE messages ADD COLUMN context_size INTEGER;
    `);
  },
};

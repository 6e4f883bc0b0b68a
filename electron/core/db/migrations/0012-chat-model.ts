import type { Migration } from './index.js';

/**
 * Each chat keeps the model it answers with (local, or a remote endpoint's model), written at each
 * send: reopening a chat shows its own model, never whichever one another chat picked last. Chats
 * from before this migration have none until their next message.
 */
export const migration0012ChatModel: Migration = {
  version: 12,
  name: 'chat-model',
  up(db) {
    db.exec(`ALTER TABLE chats ADD COLUMN model_json TEXT`);
  },
};

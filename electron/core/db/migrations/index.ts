import type { Database } from 'better-sqlite3-multiple-ciphers';
import { migration0001Initial } from './0001-initial.js';
import { migration0002ModelRegistry } from './0002-model-registry.js';
import { migration0003Documents } from './0003-documents.js';
import { migration0004GroundedAnswers } from './0004-grounded-answers.js';
import { migration0005RemoteEndpoints } from './0005-remote-endpoints.js';
import { migration0006MessageSearch } from './0006-message-search.js';
import { migration0007BranchesAndPresets } from './0007-branches-and-presets.js';
import { migration0008SecureSearchIndexes } from './0008-secure-search-indexes.js';
import { migration0009MessageStopReason } from './0009-message-stop-reason.js';
import { migration0010StructuredReplies } from './0010-structured-replies.js';
import { migration0011RemoteRequestsSending } from './0011-remote-requests-sending.js';
import { migration0012ChatModel } from './0012-chat-model.js';
import { migration0013AuditTrail } from './0013-audit-trail.js';
import { migration0014AuditForwarding } from './0014-audit-forwarding.js';
import { migration0015TrigramSearch } from './0015-trigram-search.js';
import { migration0016PassagesFittedAndPageLabels } from './0016-passages-fitted-and-page-labels.js';
import { migration0017OcrConfidenceAndDocumentNotices } from './0017-ocr-confidence-and-document-notices.js';
import { migration0018MessageTrigramSearch } from './0018-message-trigram-search.js';
import { migration0019ApiTokens } from './0019-api-tokens.js';
import { migration0020ReplyPrompts } from './0020-reply-prompts.js';
import { migration0021ReplyThoughts } from './0021-reply-thoughts.js';

export interface Migration {
  /** Strictly increasing; the database's `user_version` is the last one applied. */
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Append only: a released migration is never edited, a fix is a new migration. */
export const migrations: readonly Migration[] = [
  migration0001Initial,
  migration0002ModelRegistry,
  migration0003Documents,
  migration0004GroundedAnswers,
  migration0005RemoteEndpoints,
  migration0006MessageSearch,
  migration0007BranchesAndPresets,
  migration0008SecureSearchIndexes,
  migration0009MessageStopReason,
  migration0010StructuredReplies,
  migration0011RemoteRequestsSending,
  migration0012ChatModel,
  migration0013AuditTrail,
  migration0014AuditForwarding,
  migration0015TrigramSearch,
  migration0016PassagesFittedAndPageLabels,
  migration0017OcrConfidenceAndDocumentNotices,
  migration0018MessageTrigramSearch,
  migration0019ApiTokens,
  migration0020ReplyPrompts,
  migration0021ReplyThoughts,
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

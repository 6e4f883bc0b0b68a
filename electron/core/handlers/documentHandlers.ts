import { getChat } from '../chat/store/chats.js';
import { EnclaveError } from '../errors.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';
import { grantedPaths } from './grantedFiles.js';

type DocumentHandlers = Pick<
  Handlers,
  | 'chats.setCollections'
  | 'chats.attachFiles'
  | 'chats.attach'
  | 'collections.list'
  | 'collections.create'
  | 'collections.rename'
  | 'collections.delete'
  | 'documents.list'
  | 'documents.import'
  | 'documents.importPaths'
  | 'documents.cancelImport'
  | 'documents.remove'
  | 'documents.search'
  | 'documents.passage'
  | 'documents.original'
  | 'documents.openOriginal'
  | 'documents.indexStatus'
  | 'documents.reindex'
>;

/** A job's `done` promise stays in core; the caller gets the id and follows its request's stream. */
function jobOf({ jobId, collectionId, fileCount }: { jobId: string; collectionId: string; fileCount: number }) {
  return { jobId, collectionId, fileCount };
}

export function documentHandlers(core: CoreContext): DocumentHandlers {
  return {
    'chats.setCollections': ({ chatId, collectionIds }) => {
      core.documents().setChatCollections(chatId, collectionIds);
      return getChat(core.database(), chatId);
    },
    'chats.attachFiles': async ({ chatId, grants }, onEvent) => {
      const paths = grantedPaths(core, grants, 'documents');
      const chat = getChat(core.database(), chatId);
      return jobOf(await core.documents().attachFilesToChat(chatId, chat.title, paths, onEvent));
    },
    'chats.attach': async ({ chatId }, onEvent) => {
      const chat = getChat(core.database(), chatId);
      const grants = await core.services.pickDocumentFiles?.('files');
      if (!grants || grants.length === 0) return null;
      return jobOf(await core.documents().attachFilesToChat(chatId, chat.title, grantedPaths(core, grants, 'documents'), onEvent));
    },
    'collections.list': () => core.documents().listCollections(),
    'collections.create': ({ name }) => core.documents().createCollection(name),
    'collections.rename': ({ collectionId, name }) => core.documents().renameCollection(collectionId, name),
    'collections.delete': ({ collectionId }) => {
      core.documents().deleteCollection(collectionId);
      return { collectionId };
    },
    'documents.list': ({ collectionId }) => core.documents().listDocuments(collectionId),
    'documents.import': async ({ collectionId, pick }, onEvent) => {
      const grants = await core.services.pickDocumentFiles?.(pick);
      if (!grants || grants.length === 0) return null;
      return jobOf(await core.documents().importPaths(collectionId, grantedPaths(core, grants, 'documents'), onEvent));
    },
    'documents.importPaths': async ({ collectionId, grants }, onEvent) =>
      jobOf(await core.documents().importPaths(collectionId, grantedPaths(core, grants, 'documents'), onEvent)),
    'documents.cancelImport': ({ jobId }) => ({ cancelled: core.documents().cancelImport(jobId) }),
    'documents.remove': ({ documentId }) => {
      core.documents().removeDocument(documentId);
      return { documentId };
    },
    'documents.search': ({ query, collectionIds, topK }) => core.documents().search(query, collectionIds, topK),
    'documents.passage': (where) => core.documents().passage(where),
    'documents.original': ({ documentId }) => core.documents().original(documentId),
    'documents.openOriginal': async ({ documentId }) => {
      const filePath = await core.documents().originalPath(documentId);
      const { openPath } = core.services;
      if (!openPath) throw new EnclaveError('invalid-request', 'There is no system viewer to open files with here.');
      await openPath(filePath);
      return { documentId };
    },
    'documents.indexStatus': () => core.documents().indexStatus(),
    'documents.reindex': (_payload, onEvent) => {
      const status = core.documents().indexStatus();
      // The run goes on in the background; the request's stream follows it to its end.
      void core.documents().reindex(onEvent).catch(() => undefined);
      return status;
    },
  };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStatus, ImportResult } from '@shared/domain.js';
import type { MessageSearchHit } from '@shared/history.js';
import type { MessageFocusRequest } from '../features/chat/MessageList.js';
import { AuditView } from '../features/audit/AuditView.js';
import { ChatList } from '../features/chats/ChatList.js';
import { useChatList } from '../features/chats/useChatList.js';
import { DocumentsView } from '../features/documents/DocumentsView.js';
import { isLibraryCollection, useCollections } from '../features/documents/useCollections.js';
import { useDocumentImports } from '../features/documents/useDocumentImports.js';
import { useIndexStatus } from '../features/documents/useIndexStatus.js';
import { ModelDetails } from '../features/models/ModelDetails.js';
import { ModelsView } from '../features/models/ModelsView.js';
import { useImports } from '../features/models/useImports.js';
import { useModelCatalog } from '../features/models/useModelCatalog.js';
import { useModelRuntime } from '../features/models/useModelRuntime.js';
import { PresetsView } from '../features/presets/PresetsView.js';
import { usePresets } from '../features/presets/usePresets.js';
import { RemoteTargetDetails } from '../features/remote/RemoteTargetDetails.js';
import { SearchDialog } from '../features/search/SearchDialog.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { UsageView } from '../features/usage/UsageView.js';
import { readPreference, writePreference } from '../lib/storage.js';
import { ChatView } from './ChatView.js';
import { SectionNav, type View } from './SectionNav.js';
import { ErasureNotice } from '../features/history/ErasureNotice.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { useAppShortcuts } from './useAppShortcuts.js';
import { useWindowLayout } from './useWindowLayout.js';
import { Icon } from '../components/Icon.js';

const detailsOpenKey = 'enclave.detailsOpen';

/**
 * The left pane (chats, then Documents, Models and Settings), whichever view is open beside it, and
 * beside a conversation its details. How they share a narrow window is useWindowLayout's: the sidebar
 * becomes a rail, the details a sheet over the conversation.
 */
export function Workspace({ status }: { status: AppStatus }) {
  const chatList = useChatList();
  const models = useModelCatalog();
  const runtime = useModelRuntime();
  // Window-wide, so imports and re-indexing keep their progress while another view is open.
  const collections = useCollections();
  const documentImports = useDocumentImports();
  const index = useIndexStatus();
  const [view, setView] = useState<View>('chat');
  const [chosenChatId, setChosenChatId] = useState<string | null>(null);
  const [inspectedModelId, setInspectedModelId] = useState<string | null>(null);
  const [chosenCollectionId, setChosenCollectionId] = useState<string | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(() => readPreference(detailsOpenKey) !== 'false');
  // In a narrow window the details open over the conversation, only when asked, and are not remembered.
  const [detailsSheetOpen, setDetailsSheetOpen] = useState(false);
  const layout = useWindowLayout();
  const detailsShown = layout.detailsAsSheet ? detailsSheetOpen : detailsOpen;
  const closeDetailsButton = useRef<HTMLButtonElement>(null);
  const presets = usePresets();
  const [searchOpen, setSearchOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // A search hit to show: its chat opens and scrolls to it (switching branch when needed).
  const [jump, setJump] = useState<(MessageFocusRequest & { chatId: string }) | null>(null);
  useAppShortcuts({ onNewChat: () => void newChat(), onSearch: () => setSearchOpen(true), onHelp: () => setShortcutsOpen(true) });

  const { refresh, select } = models;
  const imports = useImports(
    useCallback(
      async (result: ImportResult) => {
        await refresh();
        const first = result.imported[0];
        if (first) {
          // A new model is what the user wants next, in the library and in the chat picker.
          setInspectedModelId(first.id);
          select(first.id);
        }
      },
      [refresh, select],
    ),
  );

  // Until the user picks one, the newest chat is open; a chosen chat that is gone falls back too.
  const chats = chatList.chats ?? [];
  const selectedChat = chats.find((chat) => chat.id === chosenChatId) ?? chats[0] ?? null;
  const flagged = (models.catalog?.models ?? []).filter((model) => model.integrity !== 'ok').length;

  // The sheet closes when the view changes or the window widens (React's "adjust state on a prop change").
  const sheetContext = `${view}:${layout.detailsAsSheet}`;
  const [openedIn, setOpenedIn] = useState(sheetContext);
  if (openedIn !== sheetContext) {
    setOpenedIn(sheetContext);
    setDetailsSheetOpen(false);
  }
  useEffect(() => {
    if (!detailsSheetOpen) return;
    closeDetailsButton.current?.focus();
    // A sheet closes when the user goes on elsewhere, as a popover does (the toggle toggles it itself).
    function closeOnOutsidePointer(event: PointerEvent) {
      if (event.target instanceof Element && event.target.closest('#details-pane, [aria-controls="details-pane"]')) return;
      setDetailsSheetOpen(false);
    }
    document.addEventListener('pointerdown', closeOnOutsidePointer);
    return () => document.removeEventListener('pointerdown', closeOnOutsidePointer);
  }, [detailsSheetOpen]);

  function toggleDetails() {
    if (layout.detailsAsSheet) {
      setDetailsSheetOpen(!detailsSheetOpen);
      return;
    }
    setDetailsOpen(!detailsOpen);
    writePreference(detailsOpenKey, String(!detailsOpen));
  }

  function closeDetailsSheet() {
    setDetailsSheetOpen(false);
    document.querySelector<HTMLElement>('[aria-controls="details-pane"]')?.focus();
  }

  function openChat(chatId: string | null) {
    setChosenChatId(chatId);
    setView('chat');
  }

  async function newChat() {
    const result = await chatList.create();
    if (result.ok) openChat(result.value.id);
  }

  function openSearchHit(hit: MessageSearchHit) {
    setSearchOpen(false);
    setJump({ chatId: hit.chatId, messageId: hit.messageId, nonce: Date.now() });
    openChat(hit.chatId);
  }

  function openModels(modelId?: string) {
    if (modelId) setInspectedModelId(modelId);
    setView('models');
  }

  return (
    <div
      className="workspace"
      data-view={view}
      data-details-open={view === 'chat' && detailsShown}
      data-details={layout.detailsAsSheet ? 'sheet' : 'docked'}
      data-sidebar={layout.sidebarCollapsed ? 'collapsed' : 'expanded'}
    >
      <aside className="pane pane-chats" aria-label="Sidebar">
        <button
          type="button"
          className="icon-button sidebar-toggle"
          aria-expanded={!layout.sidebarCollapsed}
          title={layout.sidebarCollapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
          onClick={layout.toggleSidebar}
        >
          <Icon name="sidebar" />
          <span className="visually-hidden">{layout.sidebarCollapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}</span>
        </button>
        <ChatList
          list={chatList}
          selectedChatId={view === 'chat' ? (selectedChat?.id ?? null) : null}
          onSelect={openChat}
          onSearch={() => setSearchOpen(true)}
        />
        <ErasureNotice initiallyPending={status.erasurePending} />
        <SectionNav
          view={view}
          onChange={(next) => (next === 'models' ? openModels() : setView(next))}
          modelsNeedingAttention={flagged}
          iconsOnly={layout.sidebarCollapsed}
        />
      </aside>
      {/* Kept mounted while another view is open, so a half-written message survives a look at Models. */}
      <ChatView
        hidden={view !== 'chat'}
        chatList={chatList}
        selectedChat={selectedChat}
        models={models}
        runtime={runtime}
        imports={imports}
        collections={collections}
        documentImports={documentImports}
        detailsOpen={detailsShown}
        onToggleDetails={toggleDetails}
        onOpenChat={openChat}
        onOpenModels={openModels}
        onOpenDocuments={() => setView('documents')}
        presets={presets.all ?? []}
        focusRequest={jump && jump.chatId === selectedChat?.id ? jump : null}
      />
      {view === 'documents' && (
        <main className="pane pane-view">
          <DocumentsView
            collections={collections}
            imports={documentImports}
            index={index}
            models={models.catalog?.models ?? []}
            selectedId={chosenCollectionId}
            onSelect={setChosenCollectionId}
          />
        </main>
      )}
      {view === 'presets' && (
        <main className="pane pane-view">
          <PresetsView presets={presets} models={models.catalog?.models ?? []} collections={(collections.all ?? []).filter(isLibraryCollection)} />
        </main>
      )}
      {view === 'models' && (
        <main className="pane pane-view">
          <ModelsView
            models={models}
            runtime={runtime}
            imports={imports}
            inspectedId={inspectedModelId}
            onInspect={setInspectedModelId}
          />
        </main>
      )}
      {view === 'usage' && (
        <main className="pane pane-view">
          <UsageView />
        </main>
      )}
      {view === 'audit' && (
        <main className="pane pane-view">
          <AuditView />
        </main>
      )}
      {view === 'settings' && (
        <main className="pane pane-view">
          <SettingsView
            models={models.catalog?.models ?? []}
            index={index}
            onRuntimeSaved={() => void runtime.refresh()}
            databasePath={status.databasePath}
            onOpenAudit={() => setView('audit')}
          />
        </main>
      )}
      <aside
        className="pane pane-details"
        id="details-pane"
        aria-label="Details"
        hidden={view !== 'chat' || !detailsShown}
        onKeyDown={(event) => {
          if (layout.detailsAsSheet && event.key === 'Escape') closeDetailsSheet();
        }}
      >
        {layout.detailsAsSheet && (
          <button ref={closeDetailsButton} type="button" className="icon-button details-close" title="Close details" onClick={closeDetailsSheet}>
            <Icon name="close" />
            <span className="visually-hidden">Close details</span>
          </button>
        )}
        <RemoteTargetDetails local={<ModelDetails model={models.selectedModel} runtime={runtime} />} />
        <p className="details-footer muted">
          Enclave {status.version} · {status.threads} {status.threads === 1 ? 'thread' : 'threads'} ·{' '}
          <button type="button" className="link-button" onClick={() => setShortcutsOpen(true)}>
            Keyboard shortcuts
          </button>
        </p>
      </aside>
      <SearchDialog
        open={searchOpen}
        onOpenChange={setSearchOpen}
        modelNames={(models.catalog?.models ?? []).map((model) => model.name)}
        collections={collections.all ?? []}
        onOpenHit={openSearchHit}
      />
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
    </div>
  );
}

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { CollectionInfo } from '@shared/documents.js';
import { Icon } from '../../components/Icon.js';

interface AttachCollectionsMenuProps {
  /** The user's collections (not chat-owned ones). */
  collections: CollectionInfo[];
  attachedIds: readonly string[];
  onChange: (collectionIds: string[]) => void;
  onOpenDocuments: () => void;
}

/** A menu of checkable collections the chat answers from; it stays open so several can be ticked. */
export function AttachCollectionsMenu({ collections, attachedIds, onChange, onOpenDocuments }: AttachCollectionsMenuProps) {
  function toggle(collectionId: string, attach: boolean) {
    const others = attachedIds.filter((id) => id !== collectionId && collections.some((collection) => collection.id === id));
    onChange(attach ? [...others, collectionId] : others);
  }

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="button button-small">
        <Icon name="documents" /> Collections…
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="start" side="top" sideOffset={4}>
          <DropdownMenu.Label className="menu-label">Answer from</DropdownMenu.Label>
          {collections.map((collection) => (
            <DropdownMenu.CheckboxItem
              key={collection.id}
              className="menu-item menu-checkbox-item"
              checked={attachedIds.includes(collection.id)}
              onCheckedChange={(checked) => toggle(collection.id, checked)}
              onSelect={(event) => event.preventDefault()}
            >
              <span className="menu-check" aria-hidden="true">
                <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
              </span>
              {collection.name}
            </DropdownMenu.CheckboxItem>
          ))}
          {collections.length === 0 && (
            <DropdownMenu.Item className="menu-item" onSelect={onOpenDocuments}>
              No collections yet: create one in Documents
            </DropdownMenu.Item>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

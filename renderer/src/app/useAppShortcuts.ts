import { useEffect, useEffectEvent } from 'react';
import { dialogOpen, hasCommandKey, isTyping } from '../lib/shortcuts.js';

interface AppShortcuts {
  onNewChat: () => void;
  onSearch: () => void;
  onHelp: () => void;
}

/**
 * The window's own keys: Ctrl/Cmd+N a new chat, Ctrl/Cmd+K (or F) search, "?" the list of keys.
 * Nothing fires while a dialog is open, and "?" not while typing. The conversation adds Escape
 * (stop) and Ctrl/Cmd+Shift+Enter (write the last reply again) itself.
 */
export function useAppShortcuts(shortcuts: AppShortcuts): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.repeat || dialogOpen()) return;
    const key = event.key.toLowerCase();
    if (hasCommandKey(event) && !event.shiftKey && !event.altKey) {
      if (key === 'n') {
        event.preventDefault();
        shortcuts.onNewChat();
      } else if (key === 'k' || key === 'f') {
        event.preventDefault();
        shortcuts.onSearch();
      }
    } else if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event)) {
      event.preventDefault();
      shortcuts.onHelp();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

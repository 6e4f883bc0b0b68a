import { useCallback, useState, useSyncExternalStore } from 'react';
import { readPreference, writePreference } from '../lib/storage.js';

/** Below this width the details pane is no longer a column: it opens over the conversation as a sheet. */
export const detailsDockedMinWidth = 1200;
/** Below this width the sidebar starts as a rail of icons, so the view beside it keeps its room. */
export const sidebarExpandedMinWidth = 1000;

const sidebarKeys = { wide: 'enclave.sidebar.wide', narrow: 'enclave.sidebar.narrow' } as const;
type SidebarState = 'expanded' | 'collapsed';

function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

function readSidebar(width: keyof typeof sidebarKeys): SidebarState {
  const stored = readPreference(sidebarKeys[width]);
  if (stored === 'expanded' || stored === 'collapsed') return stored;
  return width === 'wide' ? 'expanded' : 'collapsed';
}

export interface WindowLayout {
  /** The details pane is a sheet over the conversation (a narrow window), not a column of its own. */
  detailsAsSheet: boolean;
  sidebarCollapsed: boolean;
  toggleSidebar: () => void;
}

/**
 * How the window's panes fit its width. The sidebar's state is remembered separately for wide and
 * for narrow windows: collapsing it in a small window says nothing about a full-screen one.
 */
export function useWindowLayout(): WindowLayout {
  const detailsAsSheet = useMediaQuery(`(max-width: ${detailsDockedMinWidth - 0.02}px)`);
  const narrow = useMediaQuery(`(max-width: ${sidebarExpandedMinWidth - 0.02}px)`);
  const width = narrow ? 'narrow' : 'wide';
  const [sidebar, setSidebar] = useState(() => ({ wide: readSidebar('wide'), narrow: readSidebar('narrow') }));
  const toggleSidebar = useCallback(() => {
    setSidebar((current) => {
      const next: SidebarState = current[width] === 'collapsed' ? 'expanded' : 'collapsed';
      writePreference(sidebarKeys[width], next);
      return { ...current, [width]: next };
    });
  }, [width]);
  return { detailsAsSheet, sidebarCollapsed: sidebar[width] === 'collapsed', toggleSidebar };
}

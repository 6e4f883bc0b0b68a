/**
 * Small UI preferences kept in localStorage (which model was picked, whether the details pane is
 * open). Storage can be unavailable or full; a preference is never worth an error, so failures fall back.
 */
export function readPreference(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Not remembering a preference is harmless; the UI state itself is unaffected.
  }
}

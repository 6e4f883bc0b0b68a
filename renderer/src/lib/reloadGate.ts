/**
 * When core reopens the database (after an unlock, encrypting, a key change, a restore) every window
 * must load afresh: what it holds belongs to the core that was stopped. The window that asked for the
 * change may still have something to show first (a new recovery key, shown once, or why the change
 * failed); it holds the reload until the user has read it.
 */
export interface ReloadGate {
  /** Reloads now, or as soon as the last hold is released. */
  request(): void;
  /** Defers any reload until the returned function is called (calling it again does nothing). */
  hold(): () => void;
}

export function createReloadGate(reload: () => void): ReloadGate {
  let holds = 0;
  let wanted = false;
  const reloadIfFree = () => {
    if (wanted && holds === 0) reload();
  };
  return {
    request() {
      wanted = true;
      reloadIfFree();
    },
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        reloadIfFree();
      };
    },
  };
}

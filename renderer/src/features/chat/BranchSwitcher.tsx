interface BranchSwitcherProps {
  /** This message and its alternatives, oldest first (ChatMessage.siblingIds). */
  siblingIds: string[];
  currentId: string;
  /** "your message" / "this reply": whose versions the arrows move between, for their accessible names. */
  what: string;
  /** While a reply is being written the branch shown cannot change. */
  disabled: boolean;
  onSwitch: (messageId: string) => void;
}

/** "‹ 2 / 3 ›": which of a message's versions is shown, and the arrows to the others. */
export function BranchSwitcher({ siblingIds, currentId, what, disabled, onSwitch }: BranchSwitcherProps) {
  const index = siblingIds.indexOf(currentId);
  if (siblingIds.length < 2 || index === -1) return null;
  const previous = siblingIds[index - 1];
  const next = siblingIds[index + 1];
  return (
    <span className="branch-switcher" role="group" aria-label={`Versions of ${what}`}>
      <button
        type="button"
        className="icon-button branch-arrow"
        aria-label={`Previous version of ${what}`}
        disabled={disabled || previous === undefined}
        onClick={() => previous && onSwitch(previous)}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <span className="branch-position">
        {index + 1} / {siblingIds.length}
      </span>
      <button
        type="button"
        className="icon-button branch-arrow"
        aria-label={`Next version of ${what}`}
        disabled={disabled || next === undefined}
        onClick={() => next && onSwitch(next)}
      >
        <span aria-hidden="true">›</span>
      </button>
    </span>
  );
}

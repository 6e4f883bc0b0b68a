import type { ReactNode } from 'react';

interface DisclosureButtonProps {
  className: string;
  expanded: boolean;
  /** The id of the region it shows and hides. */
  controls: string;
  onToggle: () => void;
  children: ReactNode;
}

/** A button that shows and hides a region beside it, saying which and whether it is open. */
export function DisclosureButton({ className, expanded, controls, onToggle, children }: DisclosureButtonProps) {
  return (
    <button type="button" className={className} aria-expanded={expanded} aria-controls={controls} onClick={onToggle}>
      {children}
    </button>
  );
}

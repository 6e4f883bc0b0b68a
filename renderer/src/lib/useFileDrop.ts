import { type DragEvent, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { DropGrantPurpose } from '@shared/fileGrants.js';
import { enclave } from './api.js';

export interface FileDrop {
  dragging: boolean;
  /** Spread on the element files may be dropped on. */
  handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

/** A dropped file that got no grant, and why (no local path, a folder too large to read...). */
export interface DropRefusal {
  name: string;
  error: AppError;
}

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/**
 * Accepts files dragged onto an element and hands the grants main gave for them (through the
 * preload's `grantDroppedFile`; the page never sees a path) to `onGrants`, for one purpose. Files that
 * got none (dragged from a browser, a whole disk) come back as refusals, by name.
 */
export function useFileDrop(purpose: DropGrantPurpose, onGrants: (grants: string[], refused: DropRefusal[]) => void): FileDrop {
  const [depth, setDepth] = useState(0);
  return {
    dragging: depth > 0,
    handlers: {
      onDragEnter(event) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDepth((current) => current + 1);
      },
      onDragOver(event) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(event) {
        if (!hasFiles(event)) return;
        setDepth((current) => Math.max(0, current - 1));
      },
      onDrop(event) {
        event.preventDefault();
        setDepth(0);
        // The drop's files are readable only during the event: take them now, ask for grants after.
        const files = [...event.dataTransfer.files];
        void grantFiles(files, purpose).then(({ grants, refused }) => onGrants(grants, refused));
      },
    },
  };
}

async function grantFiles(files: readonly File[], purpose: DropGrantPurpose): Promise<{ grants: string[]; refused: DropRefusal[] }> {
  const grants: string[] = [];
  const refused: DropRefusal[] = [];
  for (const file of files) {
    const result = await enclave().grantDroppedFile(file, purpose);
    if (result.ok) grants.push(result.value);
    else refused.push({ name: file.name, error: result.error });
  }
  return { grants, refused };
}

/** One sentence about the files a drop could not take. */
export function describeRefusals(refused: readonly DropRefusal[]): string {
  const unknown = refused.filter((entry) => entry.error.code === 'file-not-granted').map((entry) => entry.name);
  const other = refused.filter((entry) => entry.error.code !== 'file-not-granted').map((entry) => entry.error.message);
  return [...(unknown.length > 0 ? [`Enclave could not tell where ${unknown.join(', ')} is stored.`] : []), ...other].join(' ');
}

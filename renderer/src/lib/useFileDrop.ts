import { type DragEvent, useState } from 'react';
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

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/**
 * Accepts files dragged onto an element and hands their local paths (from the preload's
 * `pathForFile`, Electron's webUtils) to `onPaths`. Files without a path (dragged from a browser) are skipped.
 */
export function useFileDrop(onPaths: (paths: string[], skipped: string[]) => void): FileDrop {
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
        const paths: string[] = [];
        const skipped: string[] = [];
        for (const file of event.dataTransfer.files) {
          const filePath = enclave().pathForFile(file);
          if (filePath) paths.push(filePath);
          else skipped.push(file.name);
        }
        onPaths(paths, skipped);
      },
    },
  };
}

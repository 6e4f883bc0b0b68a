import { z } from 'zod';

/**
 * File grants: the only way a window names a file to read. Main gives the window an opaque grant for
 * each file or folder the user picked in a native dialog or dropped on it; requests that read files
 * carry grants, never paths, and core turns them back into paths (core/files/fileGrants.ts). A grant
 * is good for one purpose only: one made to add documents cannot import a model or attach an adapter.
 */
export const grantPurposes = ['documents', 'models', 'adapter', 'backup', 'restore', 'export'] as const;
export type GrantPurpose = (typeof grantPurposes)[number];

/**
 * What a dropped file may be granted for: something to read in. Never `backup` or `export` (files
 * Enclave overwrites) or `restore` (a file that replaces all data): those come only from main's own
 * dialogs, so a page cannot turn a file the user dropped to import into a destination.
 */
export const dropGrantPurposes = ['documents', 'models', 'adapter'] as const;
export type DropGrantPurpose = (typeof dropGrantPurposes)[number];

/** 128 random bits as 32 lowercase hex digits. A path (or anything else) fails this before any handler runs. */
export const grantIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'expected a file grant (pick the file in a dialog or drop it on the window), not a path');

/**
 * What the preload sends main for a file dropped on the window: the path Chromium reports for the
 * drop (Electron's webUtils) and what the page will use the grant for. The page itself never sends
 * or sees a path; main parses this again (electron/main/fileGrants.ts).
 */
export const dropGrantRequestSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(4096)
      .refine((value) => !value.includes('\0'), 'paths cannot contain NUL'),
    purpose: z.enum(dropGrantPurposes),
  })
  .strict();

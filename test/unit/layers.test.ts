import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Lints a made-up file at a given place in the tree, with the project's real config. Without type
 * information: the file is in no tsconfig, and the import rule does not need types.
 */
async function lintAt(relativePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
  const [result] = await eslint.lintText(source, { filePath: path.join(root, relativePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import-direction lint rule', () => {
  it.each([
    ['electron/shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['electron/shared/x.ts', "import { openDatabase } from '../core/db/openDatabase.js';\nexport const a = openDatabase;\n"],
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/core/x.ts', "import { a } from '../main/index.js';\nexport const b = a;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/preload/x.ts', "import { openDatabase } from '../core/db/openDatabase.js';\nexport const a = openDatabase;\n"],
    ['renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['renderer/src/x.ts', "import { createEnclaveCore } from '../../electron/core/app.js';\nexport const a = createEnclaveCore;\n"],
    ['renderer/src/x.ts', "import { createEnclaveCore } from '@shared/../core/app.js';\nexport const a = createEnclaveCore;\n"],
    // The renderer reaches electron/shared one way, through its alias.
    ['renderer/src/x.ts', "import { channels } from '../../electron/shared/contract.js';\nexport const a = channels;\n"],
    // Node code does not resolve the renderer's alias.
    ['electron/core/x.ts', "import { channels } from '@shared/contract.js';\nexport const a = channels;\n"],
  ])('fails a wrong arrow in %s', async (file, source) => {
    expect(await lintAt(file, source)).not.toHaveLength(0);
  });

  it.each([
    ['electron/core/x.ts', "import { channels } from '../shared/contract.js';\nexport const a = channels;\n"],
    ['electron/main/x.ts', "import { createEnclaveCore } from '../core/app.js';\nexport const a = createEnclaveCore;\n"],
    ['renderer/src/x.ts', "import { channels } from '@shared/contract.js';\nexport const a = channels;\n"],
  ])('allows a right arrow in %s', async (file, source) => {
    expect(await lintAt(file, source)).toEqual([]);
  });
});

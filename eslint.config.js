import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import direction, enforced: shared <- core <- main/cli; shared <- preload; shared <- renderer.
 * A wrong arrow is a lint error, so the layering cannot erode by accident.
 */
const nodeBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'worker_threads'];
/**
 * `@shared/` is the renderer's alias for electron/shared (tsconfig.web.json, the renderer's Vite config):
 * the renderer uses it and nothing else, Node code never (Node, the main bundle and the CLI do not resolve it).
 */
const sharedAliasOnlyInRenderer = {
  group: ['@shared/*'],
  message: "@shared/ is the renderer's alias; Node code imports electron/shared by relative path, which resolves without it.",
};
const sharedByAliasInRenderer = {
  group: ['**/electron/shared/**'],
  message: 'the renderer imports electron/shared through the @shared/ alias, the one way it does.',
};
const layerRules = [
  {
    files: ['electron/shared/**/*.ts'],
    forbidModules: [...nodeBuiltins, 'electron', 'react', 'react-dom'],
    forbid: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**'],
    why: 'electron/shared is pure TypeScript: it may import nothing from Node, Electron, React or another layer.',
    also: [sharedAliasOnlyInRenderer],
  },
  {
    files: ['electron/core/**/*.ts'],
    forbidModules: ['electron', 'react', 'react-dom'],
    forbid: ['**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/core is plain Node: no Electron, and it may not import main, cli, preload, renderer or scripts.',
    also: [sharedAliasOnlyInRenderer],
  },
  {
    files: ['electron/main/**/*.ts'],
    forbid: ['**/cli/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/main wires core to Electron; it may not import cli, preload, renderer or scripts.',
    also: [sharedAliasOnlyInRenderer],
  },
  {
    files: ['electron/cli/**/*.ts'],
    forbidModules: ['electron'],
    forbid: ['**/main/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/cli runs over core in plain Node; it may not import Electron or the other shells.',
    also: [sharedAliasOnlyInRenderer],
  },
  {
    files: ['electron/preload/**/*.ts'],
    forbidModules: nodeBuiltins,
    forbid: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/renderer/**'],
    why: 'the preload runs sandboxed: it may import only electron and electron/shared.',
    also: [sharedAliasOnlyInRenderer],
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    forbidModules: [...nodeBuiltins, 'electron'],
    // `@shared/**/..` : the alias is no way out of electron/shared (`@shared/../core/app.js`).
    forbid: ['node:*', '**/electron/core/**', '**/electron/main/**', '**/electron/cli/**', '**/electron/preload/**', '@shared/**/..'],
    why: 'the renderer talks to the app only through the typed preload API; it may import electron/shared, not Node or Electron.',
    also: [sharedByAliasInRenderer],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
  js.configs.recommended,
  // Type-aware rules: strictTypeChecked, with the few options below (each says why).
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers and booleans read well in messages ("3 files"); objects, null and unknown still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `onClick={() => setOpen(true)}` is the idiom; a void value used anywhere else is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Fixtures index arrays they built themselves (noUncheckedIndexedAccess); a wrong `!` fails the test.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `expect(object.method)` passes mocks by reference on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Vitest types its asymmetric matchers (`expect.stringMatching`, `expect.any`, ...) as `any`, so they fit any expected shape.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  ...layerRules.map(({ files, forbid, forbidModules = [], why, also = [] }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Exact module names go in `paths`: as a pattern, 'electron' would also match the electron/ folder.
          paths: forbidModules.map((name) => ({ name, message: why })),
          patterns: [{ group: forbid, message: why }, ...also],
        },
      ],
    },
  })),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // A focused or skipped test silently shrinks what CI checks.
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'describe', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'test', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'it', property: 'skip', message: 'Do not commit skipped tests; use runIf with a reason.' },
        { object: 'describe', property: 'skip', message: 'Do not commit skipped tests; use runIf with a reason.' },
        { object: 'test', property: 'skip', message: 'Do not commit skipped tests; use runIf with a reason.' },
      ],
    },
  },
);

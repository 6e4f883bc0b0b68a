import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import direction, enforced: shared <- core <- main/cli; shared <- preload; shared <- renderer.
 * A wrong arrow is a lint error, so the layering cannot erode by accident.
 */
const nodeBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'worker_threads'];
const layerRules = [
  {
    files: ['electron/shared/**/*.ts'],
    forbidModules: [...nodeBuiltins, 'electron', 'react', 'react-dom'],
    forbid: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**'],
    why: 'electron/shared is pure TypeScript: it may import nothing from Node, Electron, React or another layer.',
  },
  {
    files: ['electron/core/**/*.ts'],
    forbidModules: ['electron', 'react', 'react-dom'],
    forbid: ['**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/core is plain Node: no Electron, and it may not import main, cli, preload, renderer or scripts.',
  },
  {
    files: ['electron/main/**/*.ts'],
    forbid: ['**/cli/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/main wires core to Electron; it may not import cli, preload, renderer or scripts.',
  },
  {
    files: ['electron/cli/**/*.ts'],
    forbidModules: ['electron'],
    forbid: ['**/main/**', '**/preload/**', '**/renderer/**', '**/scripts/**'],
    why: 'electron/cli runs over core in plain Node; it may not import Electron or the other shells.',
  },
  {
    files: ['electron/preload/**/*.ts'],
    forbidModules: nodeBuiltins,
    forbid: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/renderer/**'],
    why: 'the preload runs sandboxed: it may import only electron and electron/shared.',
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    forbidModules: [...nodeBuiltins, 'electron'],
    forbid: ['node:*', '**/electron/core/**', '**/electron/main/**', '**/electron/cli/**', '**/electron/preload/**'],
    why: 'the renderer talks to the app only through the typed preload API; it may import electron/shared, not Node or Electron.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
  ...layerRules.map(({ files, forbid, forbidModules = [], why }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Exact module names go in `paths`: as a pattern, 'electron' would also match the electron/ folder.
          paths: forbidModules.map((name) => ({ name, message: why })),
          patterns: [{ group: forbid, message: why }],
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

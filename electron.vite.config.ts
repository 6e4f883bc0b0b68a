import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The model host runs in its own utilityProcess: a separate entry, not part of main's bundle.
          modelHost: resolve('electron/core/llm/host/modelHostMain.ts'),
          // So does the document reader (pdf.js, mammoth), under its memory limit.
          documentParser: resolve('electron/core/documents/parserProcess/parserProcessMain.ts'),
          // The CLI's dispatcher, which the installed app runs for `Enclave --cli <command>`
          // (electron/main/cliMode.ts loads it by path: main may not import electron/cli).
          cli: resolve('electron/cli/runCli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything from node_modules: bundle it whole, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // As in tsconfig.web.json `paths`: the renderer imports electron/shared as `@shared/...`.
    resolve: { alias: { '@shared': resolve('electron/shared') } },
    // Relative asset URLs: the built renderer is served from app://enclave/ (electron/main/appProtocol.ts).
    base: './',
    plugins: [
      react(),
      {
        name: 'enclave-dev-csp',
        // Dev server only; the built bundle keeps index.html's strict CSP meta tag.
        apply: 'serve',
        // Main sends a dev CSP header that allows React Fast Refresh's inline preamble and Vite's
        // websocket; the stricter meta tag would otherwise block both and leave a blank window.
        transformIndexHtml: (html: string) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
      },
    ],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});

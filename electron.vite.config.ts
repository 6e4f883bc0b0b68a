import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * What pdf.js fetches at run time to draw a PDF's pages in the passage viewer, copied into the built
 * renderer under pdfjs/ (the app loads nothing from anywhere else): the Adobe CMaps (text in CJK
 * fonts that do not embed their own), the standard 14 fonts (PDFs that name Helvetica or Times
 * without embedding them) and the plain-JavaScript JPEG 2000 decoder (pdf.js's WebAssembly one would
 * need 'wasm-unsafe-eval' in the CSP). See renderer/src/features/documents/pdfDocument.ts.
 */
const pdfjsAssets = [
  { folder: 'cmaps', keep: () => true },
  { folder: 'standard_fonts', keep: () => true },
  { folder: 'wasm', keep: (name: string) => name === 'openjpeg_nowasm_fallback.js' || /^LICENSE_(PDFJS_)?OPENJPEG$/.test(name) },
];

function copyPdfjsAssets(): Plugin {
  const root = resolve('node_modules/pdfjs-dist');
  /** The file under pdfjs-dist for a URL path below /pdfjs/ ("cmaps/Adobe-Japan1-UCS2.bcmap"), or null. */
  const assetPath = (url: string): string | null => {
    const [folder = '', name = '', ...rest] = (url.split('?')[0] ?? '').split('/').filter(Boolean);
    const asset = pdfjsAssets.find((candidate) => candidate.folder === folder);
    return asset && rest.length === 0 && asset.keep(name) ? join(root, folder, name) : null;
  };
  return {
    name: 'enclave-pdfjs-assets',
    // The dev server answers the same paths from node_modules.
    configureServer(server) {
      server.middlewares.use('/pdfjs', (request, response, next) => {
        const file = assetPath(request.url ?? '');
        if (!file) {
          next();
          return;
        }
        if (file.endsWith('.js')) response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const { folder, keep } of pdfjsAssets) {
        for (const name of readdirSync(join(root, folder)).filter(keep)) {
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${name}`, source: readFileSync(join(root, folder, name)) });
        }
      }
    },
  };
}

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
      copyPdfjsAssets(),
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

/**
 * Writes the app icon from the one drawing of Enclave's mark (renderer/src/components/appMark.ts):
 * icon.svg, and icon.png at 1024 x 1024, which electron-builder turns into each platform's format
 * (.icns, .ico, the Linux sizes). Run after changing the mark: `npm run icon`. Debian's Chromium
 * draws the PNG, as in the e2e tests.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { appMarkSvg } from '../../renderer/src/components/appMark.js';

const size = 1024;
const svg = appMarkSvg();
await writeFile(path.join(import.meta.dirname, 'icon.svg'), svg);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html, body { margin: 0; background: transparent; }</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`);
  await page.screenshot({ path: path.join(import.meta.dirname, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log(`Wrote icon.svg and icon.png (${size} x ${size}) in ${import.meta.dirname}.`);

/**
 * The app icon every installer carries: one 1024 px square PNG drawn from the mark (`npm run icon`),
 * named for each platform in electron-builder.yml. electron-builder needs at least 512 px to make a
 * macOS .icns and 256 px for a Windows .ico; a PNG without transparency would show a square behind
 * the rounded icon.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appMarkSvg } from '../../../renderer/src/components/appMark.js';

const root = path.resolve(import.meta.dirname, '../../..');
// The installer scripts are plain JavaScript (they run before anything is compiled).
const { readBuilderConfig } = (await import(pathToFileURL(path.join(root, 'scripts/installer/fuses.mjs')).href)) as {
  readBuilderConfig(file: string): Record<string, { icon?: string } | undefined>;
};
const iconPath = 'scripts/installer/icon.png';

/** Width, height and colour type from a PNG's IHDR chunk (the first, at a fixed offset). */
function pngHeader(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25] };
}

describe('the app icon', () => {
  it('is a 1024 px square PNG with transparency, and its SVG is the mark the sidebar shows', () => {
    const header = pngHeader(readFileSync(path.join(root, iconPath)));
    expect(header).toEqual({ width: 1024, height: 1024, colourType: 6 }); // 6: RGBA
    // A change to the mark without `npm run icon` would leave the installers with the old one.
    expect(readFileSync(path.join(root, 'scripts/installer/icon.svg'), 'utf8')).toBe(appMarkSvg());
  });

  it('is the icon of every platform electron-builder builds for', () => {
    const config = readBuilderConfig(path.join(root, 'electron-builder.yml'));
    for (const platform of ['mac', 'win', 'linux']) expect(config[platform]?.icon, platform).toBe(iconPath);
  });
});

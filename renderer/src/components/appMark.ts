/**
 * Enclave's mark: a speech bubble (a chat) with a keyhole (it stays on this computer), on a rounded
 * blue square. One drawing for the sidebar (AppMark) and the installers' icon (`npm run icon` writes
 * scripts/installer/icon.svg and icon.png from it), so the two never drift apart.
 */
export const appMark = {
  viewBox: '0 0 1024 1024',
  gradient: { top: '#4d6ff2', bottom: '#2a41b0' },
  tile: { x: 64, y: 64, size: 896, radius: 200 },
  bubble: 'M312 272 h400 a96 96 0 0 1 96 96 v232 a96 96 0 0 1 -96 96 h-200 l-144 120 v-120 h-56 a96 96 0 0 1 -96 -96 v-232 a96 96 0 0 1 96 -96 z',
  keyhole: { circle: { cx: 512, cy: 440, r: 66 }, stem: 'M474 474 h76 l26 136 h-128 z', colour: '#2f4cc0' },
} as const;

/** The mark as a standalone SVG document, `gradientId` naming its background's gradient. */
export function appMarkSvg(gradientId = 'background'): string {
  const { tile, gradient, keyhole } = appMark;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${appMark.viewBox}">`,
    `  <defs>`,
    `    <linearGradient id="${gradientId}" x1="0" y1="0" x2="0" y2="1">`,
    `      <stop offset="0" stop-color="${gradient.top}" />`,
    `      <stop offset="1" stop-color="${gradient.bottom}" />`,
    `    </linearGradient>`,
    `  </defs>`,
    `  <rect x="${tile.x}" y="${tile.y}" width="${tile.size}" height="${tile.size}" rx="${tile.radius}" fill="url(#${gradientId})" />`,
    `  <path d="${appMark.bubble}" fill="#ffffff" />`,
    `  <circle cx="${keyhole.circle.cx}" cy="${keyhole.circle.cy}" r="${keyhole.circle.r}" fill="${keyhole.colour}" />`,
    `  <path d="${keyhole.stem}" fill="${keyhole.colour}" />`,
    `</svg>`,
    '',
  ].join('\n');
}

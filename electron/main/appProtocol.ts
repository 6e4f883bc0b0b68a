import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { appHost, appScheme } from './appOrigin.js';
import { contentSecurityPolicy } from './security.js';

/**
 * The content types the bundle holds (what Vite emits). Anything else is served as bytes the page
 * cannot run: a script must be named .js to be a script.
 */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The content type a bundle file is served with. */
export function contentTypeOf(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Makes `app:` a standard, secure scheme (relative URLs, `'self'` in the CSP, a real origin), as a
 * page of https would be. Electron requires this before `ready`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `app://enclave/<path>` from the renderer bundle folder, on the session the window uses. */
export function serveAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(appScheme, createBundleHandler(rendererDir));
}

/**
 * The request handler: a GET of a file inside `rendererDir` (after following symlinks) is served
 * with its content type and the production CSP; anything else is a 404 that says nothing more.
 */
export function createBundleHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = await resolveBundleFile(rendererDir, request.url);
    if (!file) return new Response(null, { status: 404 });
    const body = request.method === 'HEAD' ? null : await fs.readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        // The meta tag in index.html says the same; a header also covers what is not HTML.
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}

/**
 * The real path of the bundle file an `app://enclave/...` URL names, or null: another scheme or host,
 * a path that is not well-formed percent-encoding, a `..` segment (plain or encoded), a backslash,
 * a NUL, a folder, a missing file, or a symlink that leads outside the bundle.
 */
export async function resolveBundleFile(rendererDir: string, url: string): Promise<string | null> {
  const relative = bundlePath(url);
  if (relative === null) return null;
  try {
    const root = await fs.realpath(rendererDir);
    const real = await fs.realpath(path.join(root, ...relative));
    if (!isInside(root, real)) return null;
    const stats = await fs.stat(real);
    return stats.isFile() ? real : null;
  } catch {
    return null; // Missing, unreadable, a dangling link: not found.
  }
}

/** The path segments below the bundle root a URL names, checked before they touch the disk. */
function bundlePath(url: string): string[] | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost || parsed.username || parsed.password || parsed.port) return null;
  const segments: string[] = [];
  // URL parsing has already resolved plain `..`; each segment is decoded on its own, so `%2e%2e`, `%2f`
  // and `%5c` cannot be smuggled past the checks as one segment and read as several by the file system.
  for (const raw of parsed.pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.length > 0 ? segments : null;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The built renderer is served from this custom scheme (appProtocol.ts), never from file:// (Electron's
 * security checklist, item 18): a page of the bundle gets no file-system reach, and the origin names
 * the bundle alone rather than every file on the disk.
 */
export const appScheme = 'app';
/** The one host of the scheme: `app://enclave/index.html`. */
export const appHost = 'enclave';
/** The page the window opens in production. */
export const appPageUrl = `${appScheme}://${appHost}/index.html`;

/** Where the renderer bundle comes from: the built files (over app://), or the dev server during `npm run dev`. */
export interface AppOriginOptions {
  /** The electron-vite dev server URL; null in production. */
  devServerUrl: string | null;
}

/** Answers "is this URL ours?" for navigation, IPC senders and network requests. */
export interface AppOrigin {
  /** The renderer bundle itself: a URL of app://enclave/, or a page of the dev server. */
  isAppUrl: (url: string) => boolean;
  /** A request the renderer may make: the bundle, DevTools and inline data. Everything else is network. */
  isAllowedRequest: (url: string) => boolean;
  /** The dev server's origin, for the development CSP; null in production. */
  readonly devServerOrigin: string | null;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL is honoured only when it is plain http on loopback: an environment variable must
 * never point the window, with its preload API, at a remote site.
 */
export function parseDevServerUrl(value: string | undefined): string | null {
  if (!value) return null;
  const url = parseUrl(value);
  if (!url || url.protocol !== 'http:' || !loopbackHosts.has(url.hostname)) return null;
  return url.origin;
}

export function createAppOrigin(options: AppOriginOptions): AppOrigin {
  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl).origin : null;
  // Vite's hot-reload socket: same host and port as the dev server, ws: instead of http:.
  const devSocketOrigin = devOrigin ? devOrigin.replace(/^http:/, 'ws:') : null;

  function isAppUrl(url: string): boolean {
    const parsed = parseUrl(url);
    if (!parsed) return false;
    if (devOrigin) return parsed.origin === devOrigin;
    // Which file a path names is the protocol handler's business: it serves only the bundle's files.
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost && parsed.username === '' && parsed.password === '' && parsed.port === '';
  }

  return {
    isAppUrl,
    isAllowedRequest(url) {
      const parsed = parseUrl(url);
      if (!parsed) return false;
      if (parsed.protocol === 'devtools:' || parsed.protocol === 'data:') return true;
      if (devSocketOrigin && parsed.origin === devSocketOrigin) return true;
      return isAppUrl(url);
    },
    devServerOrigin: devOrigin,
  };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppOrigin, parseDevServerUrl } from '../../../electron/main/appOrigin.js';
import { isSafeExternalUrl } from '../../../electron/shared/links.js';

const rendererDir = path.resolve('/opt/enclave/out/renderer');
const fileUrl = (...parts: string[]) => pathToFileURL(path.join(...parts)).href;

describe('createAppOrigin', () => {
  const origin = createAppOrigin({ rendererDir, devServerUrl: null });

  it('recognises files of the built bundle and nothing beside it', () => {
    expect(origin.isAppUrl(fileUrl(rendererDir, 'index.html'))).toBe(true);
    expect(origin.isAppUrl(`${fileUrl(rendererDir, 'index.html')}#/chats/1`)).toBe(true);
    expect(origin.isAppUrl(fileUrl(rendererDir, 'assets', 'index.js'))).toBe(true);
    expect(origin.isAppUrl(fileUrl(rendererDir, '..', 'main', 'index.js'))).toBe(false);
    expect(origin.isAppUrl(fileUrl(`${rendererDir}-evil`, 'index.html'))).toBe(false);
    expect(origin.isAppUrl(fileUrl(rendererDir))).toBe(false);
    expect(origin.isAppUrl('file://server/share/out/renderer/index.html')).toBe(false);
    expect(origin.isAppUrl('https://example.com/index.html')).toBe(false);
    expect(origin.isAppUrl('not a url')).toBe(false);
  });

  it('in development recognises the dev server origin only', () => {
    const dev = createAppOrigin({ rendererDir, devServerUrl: 'http://localhost:5173' });
    expect(dev.devServerOrigin).toBe('http://localhost:5173');
    expect(dev.isAppUrl('http://localhost:5173/')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl(fileUrl(rendererDir, 'index.html'))).toBe(false);
  });
});

describe('parseDevServerUrl', () => {
  it('accepts plain http on loopback', () => {
    expect(parseDevServerUrl('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(parseDevServerUrl('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(parseDevServerUrl('http://[::1]:5173')).toBe('http://[::1]:5173');
  });

  it('refuses anything that could point the window at another machine', () => {
    for (const value of [undefined, '', 'https://example.com', 'http://example.com:5173', 'http://10.0.0.2:5173', 'file:///tmp/x.html', 'nonsense']) {
      expect(parseDevServerUrl(value)).toBeNull();
    }
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts plain http and https links', () => {
    expect(isSafeExternalUrl('https://example.com/a?b=c#d')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
  });

  it('refuses other schemes, credentials and garbage', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'mailto:a@example.com',
      'ms-settings:',
      'https://user:pass@example.com',
      'https://user@example.com',
      'https://:pass@example.com',
      'http://',
      '//example.com',
      '',
    ]) {
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { appPageUrl, createAppOrigin, parseDevServerUrl } from '../../../electron/main/appOrigin.js';
import { isSafeExternalUrl } from '../../../electron/shared/links.js';

describe('createAppOrigin', () => {
  const origin = createAppOrigin({ devServerUrl: null });

  it('recognises the app:// bundle and nothing else, file:// least of all', () => {
    expect(appPageUrl).toBe('app://enclave/index.html');
    expect(origin.isAppUrl(appPageUrl)).toBe(true);
    expect(origin.isAppUrl(`${appPageUrl}#/chats/1`)).toBe(true);
    expect(origin.isAppUrl('app://enclave/assets/index.js')).toBe(true);
    expect(origin.isAppUrl('app://evil/index.html')).toBe(false);
    expect(origin.isAppUrl('app://user:pw@enclave/index.html')).toBe(false);
    expect(origin.isAppUrl('app://enclave:8080/index.html')).toBe(false);
    expect(origin.isAppUrl('file:///opt/enclave/out/renderer/index.html')).toBe(false);
    expect(origin.isAppUrl('https://enclave/index.html')).toBe(false);
    expect(origin.isAppUrl('not a url')).toBe(false);
  });

  it('in development recognises the dev server origin only', () => {
    const dev = createAppOrigin({ devServerUrl: 'http://localhost:5173' });
    expect(dev.devServerOrigin).toBe('http://localhost:5173');
    expect(dev.isAppUrl('http://localhost:5173/')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl(appPageUrl)).toBe(false);
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

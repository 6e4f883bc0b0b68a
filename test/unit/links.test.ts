import { describe, expect, it, vi } from 'vitest';
import type { CoreContext } from '../../electron/core/handlers/context.js';
import { linkHandlers } from '../../electron/core/handlers/linkHandlers.js';
import { runHandler } from '../../electron/core/ipc/dispatch.js';
import type { Handlers } from '../../electron/core/ipc/dispatch.js';
import type { PolicyFile } from '../../electron/shared/policy.js';
import { testPolicy } from '../support/core.js';

/**
 * `links.open` is the last check before a link the user confirmed leaves the app: it needs nothing
 * of core but the policy and the shell's two services, stood in for here (Electron's shell and clipboard).
 */
function linkDoor(policy: PolicyFile) {
  const openExternal = vi.fn(async (_url: string) => {});
  const copyToClipboard = vi.fn(async (_text: string) => {});
  const core = { policy: testPolicy(policy), services: { openExternal, copyToClipboard } } as unknown as CoreContext;
  const handlers = linkHandlers(core) as Handlers;
  return { open: (url: string) => runHandler(handlers, 'links.open', { url }), openExternal, copyToClipboard };
}

describe('links.open', () => {
  it('opens a confirmed http(s) link in the browser when the policy lets Enclave online', async () => {
    const door = linkDoor({ network: { mode: 'allowlist', endpoints: ['https://llm.example.internal/v1'] } });
    await expect(door.open('https://example.com/docs?q=1#part')).resolves.toEqual({ action: 'opened' });
    expect(door.openExternal).toHaveBeenCalledWith('https://example.com/docs?q=1#part');
    expect(door.copyToClipboard).not.toHaveBeenCalled();
  });

  it('while the policy is offline, never opens: the URL is copied, with the reason', async () => {
    const door = linkDoor({ network: { mode: 'offline' } });
    const result = await door.open('https://example.com/docs');
    expect(result.action).toBe('copied');
    expect(result.action === 'copied' ? result.reason : '').toMatch(/policy keeps Enclave offline.*copied to the clipboard/);
    expect(door.copyToClipboard).toHaveBeenCalledWith('https://example.com/docs');
    expect(door.openExternal).not.toHaveBeenCalled();
  });

  it('refuses anything but plain http(s), whatever the policy', async () => {
    const door = linkDoor({ network: { mode: 'allowlist', endpoints: ['https://llm.example.internal/v1'] } });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'https://user:pw@example.com/', 'not a url']) {
      await expect(door.open(url), url).rejects.toMatchObject({ code: 'invalid-request' });
    }
    expect(door.openExternal).not.toHaveBeenCalled();
    expect(door.copyToClipboard).not.toHaveBeenCalled();
  });
});

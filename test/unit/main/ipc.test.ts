import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Enclave } from '../../../electron/core/enclave.js';
import { appPageUrl, createAppOrigin } from '../../../electron/main/appOrigin.js';
import { createSenderCheck, forwardEvents, registerIpc } from '../../../electron/main/ipc.js';
import { eventChannel, requestChannel } from '../../../electron/shared/api.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import type { Result } from '../../../electron/shared/errors.js';
import { startTestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';
import { FakeBrowserWindow, FakeWebContents } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts). Core is real.
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const appPage = appPageUrl;
const origin = createAppOrigin({ devServerUrl: null });
const refused = { ok: false, error: { code: 'invalid-request', message: 'Request from an untrusted frame was refused.' } };

type RequestHandler = (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => Promise<Result<unknown>>;

describe('registerIpc over a real core', () => {
  const tempDir = useTempDir();
  const cores: Enclave[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });

  // No model and no generation: core starts its model host only to generate, so nothing is forked here.
  async function setUp() {
    const { core } = await startTestCore(tempDir(), { withModel: false });
    cores.push(core);
    const window = new FakeBrowserWindow({});
    window.webContents.url = appPage;
    const handlers = new Map<string, RequestHandler>();
    const ipcMain = {
      handle: (channel: string, handler: RequestHandler) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    const ownsContents = (contents: WebContents) => contents === (window.webContents as unknown);
    const unregister = registerIpc(ipcMain, core, createSenderCheck(origin.isAppUrl, ownsContents));
    const handler = handlers.get(requestChannel)!;
    const eventFrom = (frame: unknown, sender: unknown = window.webContents) =>
      ({ senderFrame: frame, sender }) as unknown as IpcMainInvokeEvent;
    const mainFrame = { url: appPage, parent: null };
    const request = (channel: unknown, payload: unknown, event = eventFrom(mainFrame)) => handler(event, channel, payload);
    return { handlers, unregister, request, eventFrom, mainFrame };
  }

  it('registers one handler on the request channel, and removes it', async () => {
    const { handlers, unregister } = await setUp();
    expect([...handlers.keys()]).toEqual([requestChannel]);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('creates and lists chats for our page', async () => {
    const { request } = await setUp();
    const created = await request('chats.create', { title: 'Quarterly plan' });
    expect(created).toMatchObject({ ok: true, value: { title: 'Quarterly plan', messageCount: 0 } });
    const listed = await request('chats.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ title: 'Quarterly plan' }] });
  });

  it('refuses requests from anything but the main frame of our window showing our page', async () => {
    const { request, eventFrom, mainFrame } = await setUp();
    const stranger = new FakeWebContents();
    const goneFrame = {
      parent: null,
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const untrusted = [
      eventFrom({ url: appPage, parent: mainFrame }), // a subframe
      eventFrom({ url: 'https://example.com/', parent: null }), // our window, somewhere else
      eventFrom({ url: 'file:///tmp/evil.html', parent: null }),
      eventFrom(mainFrame, stranger), // another web contents
      eventFrom(null), // the frame is gone
      eventFrom(goneFrame),
    ];
    for (const event of untrusted) {
      expect(await request('chats.create', { title: 'Injected' }, event)).toEqual(refused);
    }
    expect(await request('chats.list', {})).toEqual({ ok: true, value: [] });
  });

  it('answers malformed requests with invalid-request and runs nothing', async () => {
    const { request } = await setUp();
    const malformed: [unknown, unknown][] = [
      ['chats.create', { title: 42 }],
      ['chats.create', { title: 'ok', extra: true }],
      ['chats.rename', { chatId: '../../etc/passwd', title: 'x' }],
      ['chats.get', 'not an object'],
      ['fs.readFile', { path: '/etc/passwd' }],
      [{ toString: () => 'chats.list' }, {}],
      ['__proto__', {}],
    ];
    for (const [channel, payload] of malformed) {
      const result = await request(channel, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await request('chats.list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('forwardEvents', () => {
  function fakeCore() {
    const listeners = new Set<(event: EnclaveEvent) => void>();
    return {
      emit: (event: EnclaveEvent) => listeners.forEach((listener) => listener(event)),
      subscribe(listener: (event: EnclaveEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  it('sends each event to live windows on our page only, until unsubscribed', () => {
    const core = fakeCore();
    const ours = new FakeBrowserWindow({});
    ours.webContents.url = appPage;
    const elsewhere = new FakeBrowserWindow({});
    elsewhere.webContents.url = 'https://example.com/';
    const closed = new FakeBrowserWindow({});
    closed.webContents.url = appPage;
    closed.destroyed = true;
    const windows = [ours, elsewhere, closed] as unknown as BrowserWindow[];

    const stop = forwardEvents(core, () => windows, origin.isAppUrl);
    core.emit({ type: 'chats.changed' });
    stop();
    core.emit({ type: 'chats.changed' });

    expect(ours.webContents.sent).toEqual([[eventChannel, { type: 'chats.changed' }]]);
    expect(elsewhere.webContents.sent).toEqual([]);
    expect(closed.webContents.sent).toEqual([]);
  });
});

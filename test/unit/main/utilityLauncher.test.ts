import { describe, expect, it, vi } from 'vitest';
import type { HostExit } from '../../../electron/core/llm/host/launcher.js';
import { parserHeapLimitMb } from '../../../electron/core/documents/parse/limits.js';
import { createDocumentParserLauncher, createUtilityProcessLauncher } from '../../../electron/main/utilityLauncher.js';
import { fakeElectron, type FakeUtilityProcess } from './fakeElectron.js';

// Boundary mock: utilityProcess exists only inside a running Electron (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

function launch() {
  const host = createUtilityProcessLauncher('/app/out/main/modelHost.js')();
  const child = fakeElectron.utilityProcess.fork.mock.results.at(-1)!.value as FakeUtilityProcess;
  return { host, child };
}

describe('createUtilityProcessLauncher', () => {
  it('forks the model host entry as a named utility process with its output discarded', () => {
    launch();
    expect(fakeElectron.utilityProcess.fork).toHaveBeenLastCalledWith('/app/out/main/modelHost.js', [], {
      serviceName: 'Enclave model host',
      stdio: 'ignore',
    });
  });

  it('posts requests and hands messages to core', () => {
    const { host, child } = launch();
    const messages: unknown[] = [];
    host.onMessage((message) => messages.push(message));
    host.send({ type: 'cancel', requestId: 7 });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'cancel', requestId: 7 });
    child.emit('message', { type: 'ready' });
    expect(messages).toEqual([{ type: 'ready' }]);
  });

  it('maps the exit code, and stops posting to a process that has exited', () => {
    const { host, child } = launch();
    const exits: HostExit[] = [];
    host.onExit((exit) => exits.push(exit));
    child.emit('exit', 134);
    expect(exits).toEqual([{ code: 134, signal: null }]);
    host.send({ type: 'unload', requestId: 1 });
    expect(child.postMessage).not.toHaveBeenCalled();
  });

  it('forks the document reader under its own name, its heap capped through --js-flags', () => {
    createDocumentParserLauncher('/app/out/main/documentParser.js')();
    expect(fakeElectron.utilityProcess.fork).toHaveBeenLastCalledWith('/app/out/main/documentParser.js', [], {
      serviceName: 'Enclave document reader',
      stdio: 'ignore',
      execArgv: [`--js-flags=--max-old-space-size=${parserHeapLimitMb}`],
    });
  });

  it('kills the process', () => {
    const { host, child } = launch();
    host.kill();
    expect(child.kill).toHaveBeenCalledOnce();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { openInSystemViewer } from '../../../electron/main/systemViewer.js';
import { fakeElectron } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts); shell.openPath is its fake.
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

describe('opening a document in the system viewer', () => {
  it('hands the path to shell.openPath, and turns its answer (a message, not a rejection) into an error', async () => {
    const open = openInSystemViewer(fakeElectron.shell);
    await expect(open('/home/ana/Contracts/lease.pdf')).resolves.toBeUndefined();
    expect(fakeElectron.shell.openPath).toHaveBeenLastCalledWith('/home/ana/Contracts/lease.pdf');
    fakeElectron.shell.openPath.mockResolvedValueOnce('Failed to open path');
    await expect(open('/home/ana/Contracts/lease.pdf')).rejects.toMatchObject({
      code: 'io-error',
      message: 'The system could not open the file: Failed to open path',
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../electron/core/ipc/dispatch.js';
import type { PresetInfo } from '../../../electron/shared/presetDefinitions.js';
import { startTestCore, type TestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';

/** The preset channels as the renderer reaches them, and the event that keeps other windows' lists current. */
describe('preset channels', () => {
  const tempDir = useTempDir();
  let test: TestCore | undefined;
  afterEach(async () => {
    await test?.core.dispose();
    test = undefined;
  });

  it('tells every window when a preset is saved, imported or deleted, and not when one is only read', async () => {
    test = await startTestCore(tempDir(), { withModel: false });
    const request = (channel: string, payload: unknown) => dispatchRequest(test!.core.handlers, channel, payload);
    const changes = () => test!.events.filter((event) => event.type === 'presets.changed').length;

    const saved = await request('presets.save', { preset: { name: 'Discharge summary', systemPrompt: 'Summarise.' } });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Discharge summary', builtin: false } });
    expect(changes()).toBe(1);

    const exported = await request('presets.export', {});
    expect(exported).toMatchObject({ ok: true });
    await request('presets.list', {});
    expect(changes()).toBe(1);

    const { id } = (saved as { value: PresetInfo }).value;
    expect(await request('presets.delete', { presetId: id })).toEqual({ ok: true, value: { presetId: id } });
    expect(changes()).toBe(2);

    const { content } = (exported as { value: { content: string } }).value;
    expect(await request('presets.import', { content })).toMatchObject({ ok: true, value: { imported: ['Discharge summary'] } });
    expect(changes()).toBe(3);

    // A refused save changes nothing and says nothing.
    expect(await request('presets.save', { preset: { name: '' } })).toMatchObject({ ok: false });
    expect(changes()).toBe(3);
  });
});

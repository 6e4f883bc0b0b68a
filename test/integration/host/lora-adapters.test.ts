import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AdapterInfo } from '../../../electron/shared/domain.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { useTempDir } from '../../support/tempDir.js';
import { reply, tinyChatModel, useProvider } from './hostTestSupport.js';

async function adapter(preset: 'tiny-chat-lora' | 'tiny-chat-wide-lora', scale: number): Promise<AdapterInfo> {
  const filePath = await ensureTestModel(preset);
  return { id: preset, name: preset, path: filePath, sha256: '0'.repeat(64), sizeBytes: fs.statSync(filePath).size, scale };
}

describe('LoRA adapters attached when a model loads', { timeout: 120_000 }, () => {
  const tempDir = useTempDir();
  const startProvider = useProvider();

  it('applies an adapter with its scale, which changes the greedy reply', async () => {
    const provider = startProvider();
    const dir = tempDir();
    const base = await tinyChatModel(dir);
    const withAdapter = { ...base, adapters: [await adapter('tiny-chat-lora', 1)] };
    const switchedOff = { ...base, adapters: [await adapter('tiny-chat-lora', 0)] };

    const plain = await reply(provider, base, 'Tell me about contracts');
    expect(provider.loaded()[0]?.adapterIds).toEqual([]);

    const adapted = await reply(provider, withAdapter, 'Tell me about contracts');
    expect(provider.loaded()).toEqual([expect.objectContaining({ modelId: base.id, adapterIds: ['tiny-chat-lora'] })]);
    expect(adapted).not.toBe(plain);
    // Scale 0 leaves the base weights as they were.
    expect(await reply(provider, switchedOff, 'Tell me about contracts')).toBe(plain);
  });

  it('counts the adapter in the estimate', async () => {
    const provider = startProvider();
    const base = await tinyChatModel(tempDir());
    const lora = await adapter('tiny-chat-lora', 1);
    const without = await provider.estimate(base);
    const withAdapter = await provider.estimate({ ...base, adapters: [lora] });
    expect(withAdapter.ramBytes - without.ramBytes).toBe(lora.sizeBytes);
  });

  it('refuses an adapter made for another base model, and the model still loads without it', async () => {
    const provider = startProvider();
    const base = await tinyChatModel(tempDir());
    const mismatched = { ...base, adapters: [await adapter('tiny-chat-wide-lora', 1)] };
    await expect(provider.load(mismatched)).rejects.toMatchObject({
      code: 'adapter-mismatch',
      message: expect.stringMatching(/tiny-chat-wide-lora.*tiny-chat\.gguf/),
    });
    expect(provider.loaded()).toEqual([]);
    expect((await reply(provider, base, 'Hello')).length).toBeGreaterThan(0);
  });
});

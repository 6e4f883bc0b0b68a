import { describe, expect, it } from 'vitest';
import { defaultModelSettings } from '../../../electron/shared/models.js';
import { fieldsFromSettings, parseFields, sameSettings } from '../../../renderer/src/features/models/settingsFields.js';

describe('flash attention in the model settings form', () => {
  it('defaults to auto, as llama.cpp does, and keeps each of auto, on and off through the form', () => {
    expect(defaultModelSettings.flashAttention).toBe('auto');
    for (const flashAttention of ['auto', true, false] as const) {
      const settings = { ...defaultModelSettings, flashAttention };
      const parsed = parseFields(fieldsFromSettings(settings)).settings;
      expect(parsed?.flashAttention).toBe(flashAttention);
      expect(parsed && sameSettings(parsed, settings)).toBe(true);
    }
    expect(sameSettings({ ...defaultModelSettings, flashAttention: 'auto' }, { ...defaultModelSettings, flashAttention: false })).toBe(false);
  });
});

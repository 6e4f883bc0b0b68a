import { describe, expect, it } from 'vitest';
import { modelPurpose } from '../../../electron/core/llm/gguf/describeModel.js';
import { fitAdvice, tooLargeError } from '../../../electron/core/llm/host/fitEstimate.js';

/**
 * What a model is for (chat or embedding, from its header), and the one piece of advice for a model
 * that does not fit, which the memory estimate and the refusal to load share.
 */
describe('modelPurpose', () => {
  it('calls a model with a pooling type, or an encoder architecture, an embedding model', () => {
    expect(modelPurpose({ architecture: 'llama', poolingType: 1 })).toBe('embedding');
    expect(modelPurpose({ architecture: 'qwen3', poolingType: 3 })).toBe('embedding');
    expect(modelPurpose({ architecture: 'nomic-bert', poolingType: null })).toBe('embedding');
    expect(modelPurpose({ architecture: 'llama', poolingType: null })).toBe('chat');
    expect(modelPurpose({ architecture: 'llama', poolingType: 0 })).toBe('chat');
    // Stored before the pooling type was read.
    expect(modelPurpose({ architecture: 'qwen2' })).toBe('chat');
  });
});

describe('fitAdvice', () => {
  const overRam = { ramBytes: 2_000_000, ramBudgetBytes: 1_000_000 };

  it('names only what the user can change', () => {
    expect(fitAdvice(overRam, { contextSize: 'auto', memoryBudgetBytes: null })).toBe(
      'Try a smaller quantisation or a smaller model, or close other programs.',
    );
    expect(fitAdvice(overRam, { contextSize: 4096, memoryBudgetBytes: 1_000_000 })).toBe(
      'Try a smaller context, a smaller quantisation or a smaller model, or raise the memory budget in Settings.',
    );
    expect(fitAdvice({ ramBytes: 1, ramBudgetBytes: 2 }, { contextSize: 'auto', memoryBudgetBytes: null })).toBe(
      'Try fewer GPU layers, or set them to auto.',
    );
  });

  it('is the advice the refusal to load ends with', () => {
    const estimate = {
      modelId: 'm',
      fits: false,
      gpuLayers: 0,
      totalLayers: 2,
      contextSize: 4096,
      vramBytes: 0,
      vramBudgetBytes: 0,
      explanation: '',
      ...overRam,
    };
    const options = { modelPath: '/models/tiny.gguf', contextSize: 4096, memoryBudgetBytes: 1_000_000 } as Parameters<typeof tooLargeError>[1];
    expect(tooLargeError(estimate, options).message.endsWith(fitAdvice(estimate, options))).toBe(true);
  });
});

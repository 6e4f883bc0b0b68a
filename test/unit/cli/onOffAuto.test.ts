import { describe, expect, it } from 'vitest';
import { onOffAuto } from '../../../electron/cli/args.js';
import { UsageError } from '../../../electron/cli/errors.js';

describe('--flash-attention auto|on|off', () => {
  it('reads auto, on and off in any case, and nothing when the option is absent', () => {
    expect(onOffAuto('flash-attention', 'AUTO', 'usage')).toBe('auto');
    expect(onOffAuto('flash-attention', ' on', 'usage')).toBe(true);
    expect(onOffAuto('flash-attention', 'off', 'usage')).toBe(false);
    expect(onOffAuto('flash-attention', undefined, 'usage')).toBeUndefined();
  });

  it('refuses anything else with the three words it takes', () => {
    expect(() => onOffAuto('flash-attention', 'fast', 'usage')).toThrow(UsageError);
    expect(() => onOffAuto('flash-attention', 'fast', 'usage')).toThrow('--flash-attention must be "auto", "on" or "off", not "fast"');
  });
});

import { describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../electron/core/ipc/dispatch.js';
import { assertOcrLanguagesInstalled, installedOcrLanguages, languageDataFolder } from '../../../electron/core/documents/parse/ocrLanguages.js';
import { appSettingsSchema, ocrLanguagesSchema } from '../../../electron/shared/domain.js';
import { useTestCore } from '../../support/core.js';

describe('OCR languages: a setting of installed Tesseract languages, checked when saved', () => {
  const start = useTestCore();

  it('accepts Tesseract codes only, one to five, each once; hostile codes never reach a path', () => {
    for (const codes of [['eng'], ['eng', 'deu'], ['chi_sim', 'aze_cyrl', 'deu_latf']]) expect(ocrLanguagesSchema.safeParse(codes).success).toBe(true);
    for (const codes of [[], ['eng', 'eng'], ['a', 'b', 'c', 'd', 'e', 'f'], ['../../etc'], ['eng/../../x'], ['ENG'], ['en'], ['eng '], ['@tesseract.js-data/eng']]) {
      expect(ocrLanguagesSchema.safeParse(codes).success, JSON.stringify(codes)).toBe(false);
    }
    expect(appSettingsSchema.partial().safeParse({ ocrLanguages: ['../../etc'] }).success).toBe(false);
    expect(() => languageDataFolder('../../etc')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
  });

  it('lists the installed languages: English ships with Enclave', () => {
    expect(installedOcrLanguages()).toContain('eng');
    expect(() => assertOcrLanguagesInstalled(['eng'])).not.toThrow();
  });

  it('saves an installed language, and refuses one not installed with a specific error, keeping the setting', async () => {
    const { core } = await start({ withModel: false });
    expect(await dispatchRequest(core.handlers, 'settings.ocrLanguages', {})).toEqual({ ok: true, value: installedOcrLanguages() });
    expect(await dispatchRequest(core.handlers, 'settings.get', {})).toMatchObject({ ok: true, value: { ocrLanguages: ['eng'] } });

    const missing = installedOcrLanguages().includes('xho') ? 'zul' : 'xho';
    const refused = await dispatchRequest(core.handlers, 'settings.update', { ocrLanguages: ['eng', missing] });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: expect.stringMatching(new RegExp(`^The OCR language "${missing}" is not installed\\. Its data comes in the npm package @tesseract\\.js-data/${missing};`)),
      },
    });
    const hostile = await dispatchRequest(core.handlers, 'settings.update', { ocrLanguages: ['../../etc'] });
    expect(hostile).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await dispatchRequest(core.handlers, 'settings.get', {})).toMatchObject({ ok: true, value: { ocrLanguages: ['eng'] } });

    expect(await dispatchRequest(core.handlers, 'settings.update', { ocrLanguages: ['eng'], retrievalTopK: 7 })).toMatchObject({
      ok: true,
      value: { ocrLanguages: ['eng'], retrievalTopK: 7 },
    });
  });
});

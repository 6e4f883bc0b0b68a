import { describe, expect, it } from 'vitest';
import { createDlpScanner } from '../../../electron/core/dlp/index.js';
import { dlpDetectors } from '../../../electron/shared/policy.js';
import { evaluateDlpCorpus, loadDlpCorpus, structuredDetectors } from '../../../scripts/fixtures/dlpCorpus.js';
import { buildPositives } from '../../../scripts/fixtures/dlpVariants.js';

/**
 * The DLP corpus (test/fixtures/dlp/): hundreds of formatted variants every detector must find, with
 * their exact spans, and about a megabyte of real documentation in which nothing but its own reviewed
 * identifiers may be found. The same figures print in `npm run bench:dlp`.
 */
describe('the DLP corpus', () => {
  const corpus = loadDlpCorpus();
  const evaluation = evaluateDlpCorpus(createDlpScanner(corpus.policy), corpus);

  it('is what its generator writes, and covers every detector and formatting class', () => {
    expect(corpus.positives).toEqual(buildPositives());
    expect(corpus.positives.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.positives.map((positive) => positive.detector))).toEqual(new Set(dlpDetectors));
    for (const positive of corpus.positives) expect(positive.end, positive.text).toBeLessThanOrEqual(positive.text.length);
    const formatting = new Set(corpus.positives.map((positive) => positive.formatting));
    for (const kind of ['dots', 'slashes', 'en dash', 'no-break space', 'zero-width space', 'double space', 'line break', 'full-width digits', 'Arabic-Indic digits', 'mathematical bold digits', '[at]', '(at)', 'full-width at sign', 'hyphen', 'joined', 'Cyrillic look-alike']) {
      expect(formatting, kind).toContain(kind);
    }
  });

  it('has about a megabyte of prose, whose listed identifiers are where it says', () => {
    expect(evaluation.proseMegabytes).toBeGreaterThanOrEqual(1);
    for (const identifier of corpus.proseIdentifiers) {
      const text = corpus.prose.find((prose) => prose.file === identifier.file)?.text;
      expect(text?.slice(identifier.start, identifier.end)).toBe(identifier.value);
    }
  });

  it('finds at least 99% of each structured identifier, with its exact original span', () => {
    const missed = evaluation.missedPositives.map((positive) => `${positive.detector} (${positive.formatting}): ${JSON.stringify(positive.text)}`);
    for (const detector of structuredDetectors) {
      const recall = evaluation.recall.find((entry) => entry.detector === detector);
      expect(recall?.total, detector).toBeGreaterThanOrEqual(40);
      expect(recall?.recall, `${detector} missed:\n${missed.join('\n')}`).toBeGreaterThanOrEqual(0.99);
    }
    expect(evaluation.missedProseIdentifiers).toEqual([]);
  });

  it('finds the dates of birth, record numbers and custom terms written in every way too', () => {
    for (const detector of ['dateOfBirth', 'medicalRecordNumber', 'customTerm'] as const) {
      expect(evaluation.recall.find((entry) => entry.detector === detector)?.recall, detector).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('finds at most one false positive per megabyte of real prose', () => {
    const found = evaluation.falsePositives.map(({ file, finding }) => `${file}: ${finding.detector} ${JSON.stringify(finding.text)}`);
    expect(evaluation.falsePositivesPerMegabyte, found.join('\n')).toBeLessThanOrEqual(1);
  });
});

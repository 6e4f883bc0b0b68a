import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

const loadInstalled = () => enclave().settings.ocrLanguages();

/** Names people know the common Tesseract codes by; any other code is shown as it is. */
const languageNames: Readonly<Record<string, string>> = {
  eng: 'English',
  deu: 'German',
  fra: 'French',
  spa: 'Spanish',
  ita: 'Italian',
  por: 'Portuguese',
  nld: 'Dutch',
  pol: 'Polish',
  rus: 'Russian',
  ukr: 'Ukrainian',
  jpn: 'Japanese',
  kor: 'Korean',
  chi_sim: 'Chinese (simplified)',
  chi_tra: 'Chinese (traditional)',
  ara: 'Arabic',
};

interface OcrLanguagesFieldProps {
  /** The languages chosen, as Tesseract codes. */
  value: readonly string[];
  /** Why the choice cannot be saved (none chosen, more than five), or null. */
  problem: string | null;
  onChange: (codes: string[]) => void;
}

/**
 * The languages scanned pages and pictures are read in: one checkbox per installed language (an npm
 * package `@tesseract.js-data/<code>`), so only languages that can be read are offered. A chosen
 * language that is no longer installed stays listed, so it can be unchecked.
 */
export function OcrLanguagesField({ value, problem, onChange }: OcrLanguagesFieldProps) {
  const installed = useLiveQuery<string[]>(loadInstalled);
  const codes = [...new Set([...(installed.value ?? []), ...value])];

  function toggle(code: string, checked: boolean) {
    onChange(checked ? [...value, code] : value.filter((chosen) => chosen !== code));
  }

  return (
    <fieldset className="setting-field setting-field-wide ocr-languages" aria-describedby="documents-ocr-languages-hint">
      <legend>OCR languages</legend>
      {installed.error && <InlineAlert error={installed.error} prefix="Could not list the OCR languages" />}
      <div className="ocr-language-list">
        {codes.map((code) => (
          <label key={code} className="checkbox">
            <input type="checkbox" checked={value.includes(code)} onChange={(event) => toggle(code, event.target.checked)} />
            {languageNames[code] ?? code} <span className="muted">({code})</span>
          </label>
        ))}
      </div>
      <p id="documents-ocr-languages-hint" className={problem ? 'field-error' : 'field-hint'}>
        {problem ??
          'The languages scanned pages and pictures are read in (one to five). Another language is listed here once its data package (@tesseract.js-data/<code>) is installed with Enclave.'}
      </p>
    </fieldset>
  );
}

import type { AppSettings, ModelInfo } from '@shared/domain.js';
import { NumberField } from './NumberField.js';
import { OcrLanguagesField } from './OcrLanguagesField.js';
import { SettingsForm } from './SettingsForm.js';
import { useSettingsSave } from './useSettingsSave.js';

type DocumentSettings = Pick<AppSettings, 'embeddingModelId' | 'retrievalTopK' | 'relevanceFloor' | 'ocrLanguages'>;
interface Fields {
  /** '' for none: keyword search only. */
  embeddingModelId: string;
  retrievalTopK: string;
  relevanceFloor: string;
  /** Tesseract codes; core checks on save that each is installed. */
  ocrLanguages: string[];
}

function parse(fields: Fields): { settings: DocumentSettings } | { field: keyof Fields; message: string } {
  const topK = fields.retrievalTopK.trim();
  if (!/^\d+$/.test(topK) || Number(topK) < 1 || Number(topK) > 50) {
    return { field: 'retrievalTopK', message: 'Passages per question: enter a whole number from 1 to 50.' };
  }
  const floor = fields.relevanceFloor.trim();
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(floor)) {
    return { field: 'relevanceFloor', message: 'Relevance floor: enter a number from 0 to 1, such as 0.25.' };
  }
  if (fields.ocrLanguages.length < 1 || fields.ocrLanguages.length > 5) {
    return { field: 'ocrLanguages', message: 'OCR languages: choose from one to five.' };
  }
  return {
    settings: {
      embeddingModelId: fields.embeddingModelId === '' ? null : fields.embeddingModelId,
      retrievalTopK: Number(topK),
      relevanceFloor: Number(floor),
      ocrLanguages: fields.ocrLanguages,
    },
  };
}

interface DocumentSettingsFormProps {
  initial: AppSettings;
  models: ModelInfo[];
  onSaved: (settings: AppSettings) => void;
}

/**
 * Which model embeds documents (or none: keywords only), how many passages a question retrieves, how
 * relevant they must be, and the languages OCR reads scans in. Sends only these four settings; a new
 * model re-indexes in the background.
 */
export function DocumentSettingsForm({ initial, models, onSaved }: DocumentSettingsFormProps) {
  const saving = useSettingsSave<Fields>(
    () => ({
      embeddingModelId: initial.embeddingModelId ?? '',
      retrievalTopK: String(initial.retrievalTopK),
      relevanceFloor: String(initial.relevanceFloor),
      ocrLanguages: initial.ocrLanguages,
    }),
    onSaved,
  );
  const { fields, change } = saving;
  const parsed = parse(fields);
  const problem = (field: keyof Fields) => ('field' in parsed && parsed.field === field ? parsed.message : null);
  const chosenIsGone = fields.embeddingModelId !== '' && !models.some((model) => model.id === fields.embeddingModelId);

  return (
    <SettingsForm label="Document settings" settings={'settings' in parsed ? parsed.settings : null} save={saving}>
      <div className="setting-field setting-field-wide">
        <label htmlFor="documents-embedding-model">Embedding model</label>
        <select
          className="text-input"
          id="documents-embedding-model"
          value={fields.embeddingModelId}
          aria-describedby="documents-embedding-model-hint"
          onChange={(event) => change('embeddingModelId', event.target.value)}
        >
          <option value="">None — keyword search only</option>
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
          {chosenIsGone && <option value={fields.embeddingModelId}>A model no longer in the library</option>}
        </select>
        <p id="documents-embedding-model-hint" className="field-hint">
          Finds passages by meaning as well as by their words. Changing it re-indexes every document in the background.
        </p>
      </div>
      <NumberField
        id="documents-top-k"
        label="Passages per question"
        hint="How many passages a question retrieves (1 to 50)."
        inputMode="decimal"
        value={fields.retrievalTopK}
        problem={problem('retrievalTopK')}
        onChange={(value) => change('retrievalTopK', value)}
      />
      <NumberField
        id="documents-floor"
        label="Relevance floor"
        hint="0 to 1, half closeness in meaning and half the question's words found: passages scoring lower are not given to the model."
        inputMode="decimal"
        value={fields.relevanceFloor}
        problem={problem('relevanceFloor')}
        onChange={(value) => change('relevanceFloor', value)}
      />
      <OcrLanguagesField value={fields.ocrLanguages} problem={problem('ocrLanguages')} onChange={(codes) => change('ocrLanguages', codes)} />
    </SettingsForm>
  );
}

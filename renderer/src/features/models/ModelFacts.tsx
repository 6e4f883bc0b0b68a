import { baseModelNote, isBaseModel } from '@shared/models.js';
import type { ReactNode } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import { CopyButton } from '../../components/CopyButton.js';
import { formatBytes, formatDateTime, formatParameterCount, formatTokenCount } from '../../lib/format.js';
import { storageLabels } from './IntegrityBadge.js';

const storageHints: Record<ModelInfo['storage'], string> = {
  copied: 'in Enclave’s models folder',
  linked: 'used in place; keep the file where it is',
  bundled: 'ships with Enclave',
};

/** Everything the header of the file says about the model, and where the file is. */
export function ModelFacts({ model }: { model: ModelInfo }) {
  return (
    <section className="inspector-section" aria-labelledby="model-facts-title">
      <h3 id="model-facts-title" className="details-heading">
        About this model
      </h3>
      <dl className="facts facts-wide">
        <Fact term="Architecture">{model.architecture}</Fact>
        <Fact term="Parameters">{formatParameterCount(model.parameterCount)}</Fact>
        <Fact term="Quantisation">{model.quantization}</Fact>
        <Fact term="Trained context">
          {model.contextLength ? `${formatTokenCount(model.contextLength)} tokens` : 'Not stated'}
        </Fact>
        <Fact term="Chat template">{isBaseModel(model) ? `No: a base model, ${baseModelNote}` : model.hasChatTemplate ? 'Yes' : 'No'}</Fact>
        <Fact term="Licence">{model.license ?? 'Not stated'}</Fact>
        <Fact term="Size">{formatBytes(model.sizeBytes)}</Fact>
        <Fact term="Storage">
          {storageLabels[model.storage]} <span className="muted">({storageHints[model.storage]})</span>
        </Fact>
        <Fact term={model.parts.length > 1 ? `Files (${model.parts.length} parts)` : 'File'} block>
          <ul className="file-list">
            {model.parts.map((part) => (
              <li key={part}>
                <code>{part}</code>
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term="SHA-256" block>
          <span className="sha-line">
            <code className="sha256">{model.sha256}</code>
            <CopyButton text={model.sha256} what="SHA-256" />
          </span>
        </Fact>
        <Fact term="Imported">{formatDateTime(model.importedAt)}</Fact>
        <Fact term="Last checked">{model.verifiedAt ? formatDateTime(model.verifiedAt) : 'Not since import'}</Fact>
      </dl>
    </section>
  );
}

function Fact({ term, children, block = false }: { term: string; children: ReactNode; block?: boolean }) {
  return (
    <div className={block ? 'fact fact-block' : 'fact'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

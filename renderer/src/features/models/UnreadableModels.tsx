import type { UnreadableModelFile } from '@shared/domain.js';
import { describeError } from '../../lib/api.js';

/** Files that look like models but could not be read, each with the reason, so nothing fails silently. */
export function UnreadableModels({ files }: { files: UnreadableModelFile[] }) {
  if (files.length === 0) return null;
  return (
    <section className="unreadable-models" aria-labelledby="unreadable-models-title">
      <h3 id="unreadable-models-title">Files that could not be used</h3>
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <span className="unreadable-model-name">{file.fileName}</span>
            <span className="unreadable-model-error">{describeError(file.error)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

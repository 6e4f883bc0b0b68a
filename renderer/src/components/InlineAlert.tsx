import type { AppError } from '@shared/errors.js';
import { describeError } from '../lib/api.js';
import './components.css';

interface InlineAlertProps {
  error: AppError;
  /** What was being attempted, e.g. "Could not rename this chat". */
  prefix?: string;
  onDismiss?: () => void;
}

/** An error shown where it happened, in plain words, announced to screen readers. */
export function InlineAlert({ error, prefix, onDismiss }: InlineAlertProps) {
  return (
    <div className="inline-alert" role="alert" data-error-code={error.code}>
      <p className="inline-alert-text">
        {prefix && <strong>{prefix}. </strong>}
        {describeError(error)}
      </p>
      {onDismiss && (
        <button type="button" className="icon-button inline-alert-dismiss" aria-label="Dismiss" onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </div>
  );
}

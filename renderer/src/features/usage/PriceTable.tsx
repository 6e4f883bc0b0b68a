import { type SubmitEvent, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { PriceEntry } from '@shared/remote.js';
import { TableHead } from '../../components/TableHead.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { formatPrice } from './moneyAndDays.js';

type NewPrice = Omit<PriceEntry, 'isDefault'>;

interface PriceTableProps {
  prices: PriceEntry[];
  /** Resolves with the error, or null once saved. */
  onSave: (price: NewPrice) => Promise<AppError | null>;
}

/**
 * USD per million tokens for each hosted model: shipped defaults until edited to the organisation's
 * contract. Edit opens the row in place; a model not listed yet can be priced below the table.
 */
export function PriceTable({ prices, onSave }: PriceTableProps) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <div className="table-scroll">
        <table className="data-table price-table" aria-label="Prices per million tokens">
          <TableHead columns={['Model', { label: 'Input', numeric: true }, { label: 'Output', numeric: true }, 'Source']} actions />
          <tbody>
            {prices.map((price) =>
              editing === price.model ? (
                <tr key={price.model}>
                  <th scope="row">{price.model}</th>
                  <td colSpan={4}>
                    <PriceForm
                      initial={price}
                      onSave={async (edited) => {
                        const error = await onSave(edited);
                        if (!error) setEditing(null);
                        return error;
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={price.model} data-default={price.isDefault}>
                  <th scope="row">{price.model}</th>
                  <td className="numeric">{formatPrice(price.inputPerMillion)}</td>
                  <td className="numeric">{formatPrice(price.outputPerMillion)}</td>
                  <td>{price.isDefault ? 'Default' : 'Edited'}</td>
                  <td>
                    <div className="table-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Edit the price of ${price.model}`}
                        onClick={() => setEditing(price.model)}
                      >
                        Edit
                      </button>
                    </div>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <h3 className="usage-subheading">Price another model</h3>
      <PriceForm initial={null} onSave={onSave} />
    </>
  );
}

interface PriceFormProps {
  /** The price being edited (its model fixed), or null for a new model. */
  initial: NewPrice | null;
  onSave: (price: NewPrice) => Promise<AppError | null>;
  onCancel?: () => void;
}

function PriceForm({ initial, onSave, onCancel }: PriceFormProps) {
  const [model, setModel] = useState(initial?.model ?? '');
  const [input, setInput] = useState(initial ? String(initial.inputPerMillion) : '');
  const [output, setOutput] = useState(initial ? String(initial.outputPerMillion) : '');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const idPrefix = initial ? `price-${initial.model.replace(/[^A-Za-z0-9_-]/g, '_')}` : 'price-new';
  const valid = model.trim() !== '' && isPrice(input) && isPrice(output);
  const label = initial ? `Price of ${initial.model}` : 'Price another model';

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    const failed = await onSave({ model: model.trim(), inputPerMillion: Number(input), outputPerMillion: Number(output) });
    setBusy(false);
    setError(failed);
    if (!failed && !initial) {
      setModel('');
      setInput('');
      setOutput('');
    }
  }

  return (
    <form className="price-form" aria-label={label} onSubmit={(event) => void save(event)} noValidate>
      {!initial && (
        <div className="setting-field">
          <label htmlFor={`${idPrefix}-model`}>Model</label>
          <input className="text-input" id={`${idPrefix}-model`} type="text" autoComplete="off" value={model} onChange={(event) => setModel(event.target.value)} />
        </div>
      )}
      <div className="setting-field">
        <label htmlFor={`${idPrefix}-input`}>Input, $ per million</label>
        <input
          className="text-input"
          id={`${idPrefix}-input`}
          type="text"
          inputMode="decimal"
          value={input}
          aria-invalid={input !== '' && !isPrice(input) ? true : undefined}
          onChange={(event) => setInput(event.target.value)}
        />
      </div>
      <div className="setting-field">
        <label htmlFor={`${idPrefix}-output`}>Output, $ per million</label>
        <input
          className="text-input"
          id={`${idPrefix}-output`}
          type="text"
          inputMode="decimal"
          value={output}
          aria-invalid={output !== '' && !isPrice(output) ? true : undefined}
          onChange={(event) => setOutput(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={!valid || busy}>
          {busy ? 'Saving…' : 'Save price'}
        </button>
        {onCancel && (
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {error && <InlineAlert error={error} prefix="The price was not saved" />}
    </form>
  );
}

/** A price in dollars: a plain non-negative decimal, at most a million (what core accepts). */
function isPrice(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text.trim()) && Number(text) <= 1_000_000;
}

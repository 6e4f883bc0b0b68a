import { Fragment, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { EndpointInfo, KeyStorage } from '@shared/remote.js';
import { TableHead } from '../../components/TableHead.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { useRemote } from './RemoteProvider.js';

type TestOutcome = { status: 'testing' } | { status: 'passed'; models: string[]; latencyMs: number } | { status: 'failed'; error: AppError };

function keyWords(endpoint: EndpointInfo): string {
  const words: Record<KeyStorage, string> = {
    keychain: 'OS keychain',
    env: `Environment variable ${endpoint.keyEnvVar ?? ''}`.trim(),
    file: 'File in the data folder (command line only)',
    none: 'No key',
  };
  return words[endpoint.keyStorage];
}

/** The endpoints added here: where each points, where its key is kept, whether policy allows it; Test and Remove. */
export function EndpointTable({ endpoints }: { endpoints: EndpointInfo[] }) {
  const remote = useRemote();
  const [tests, setTests] = useState<Record<string, TestOutcome>>({});
  const [removing, setRemoving] = useState<EndpointInfo | null>(null);

  async function test(endpoint: EndpointInfo) {
    if (!remote) return;
    setTests((current) => ({ ...current, [endpoint.id]: { status: 'testing' } }));
    const result = await remote.testEndpoint(endpoint.id);
    setTests((current) => ({
      ...current,
      [endpoint.id]: result.ok ? { status: 'passed', ...result.value } : { status: 'failed', error: result.error },
    }));
  }

  return (
    <>
      <table className="data-table endpoint-table" aria-label="Endpoints">
        <TableHead columns={['Name', 'Base URL', 'API key', 'Policy']} actions />
        <tbody>
          {endpoints.map((endpoint) => {
            const outcome = tests[endpoint.id];
            return (
              <Fragment key={endpoint.id}>
                <tr data-allowed={endpoint.allowed}>
                  <th scope="row">{endpoint.name}</th>
                  <td>
                    <code>{endpoint.baseUrl}</code>
                  </td>
                  <td>{keyWords(endpoint)}</td>
                  <td>{endpoint.allowed ? 'Allowed' : `Not allowed: ${endpoint.blockedReason ?? 'the machine policy does not list it.'}`}</td>
                  <td>
                    <div className="table-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Test ${endpoint.name}`}
                        disabled={outcome?.status === 'testing' || !endpoint.allowed}
                        onClick={() => void test(endpoint)}
                      >
                        {outcome?.status === 'testing' ? 'Testing…' : 'Test'}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        aria-label={`Remove ${endpoint.name}`}
                        onClick={() => setRemoving(endpoint)}
                      >
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
                {outcome && outcome.status !== 'testing' && (
                  <tr className="endpoint-test-row">
                    <td colSpan={5}>
                      <TestResult name={endpoint.name} outcome={outcome} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={`Remove ${removing?.name ?? 'this endpoint'}?`}
        description="Its stored API key is deleted with it. Chats that used it keep their history, and the record of its requests stays."
        confirmLabel="Remove endpoint"
        busyLabel="Removing…"
        errorPrefix="Could not remove the endpoint"
        onConfirm={async () => {
          if (!removing) return { ok: true, value: null };
          const result = await settle(() => enclave().endpoints.remove({ endpointId: removing.id }));
          if (result.ok) await remote?.reload();
          return result;
        }}
      />
    </>
  );
}

function TestResult({ name, outcome }: { name: string; outcome: Exclude<TestOutcome, { status: 'testing' }> }) {
  if (outcome.status === 'failed') return <InlineAlert error={outcome.error} prefix={`${name} did not answer`} />;
  return (
    <p className="endpoint-test-passed" role="status">
      <strong>
        {name} answered in {outcome.latencyMs.toLocaleString('en-US')} ms
      </strong>{' '}
      with {formatCount(outcome.models.length, 'model')}
      {outcome.models.length > 0 ? ': ' : '.'}
      {outcome.models.join(', ')}
    </p>
  );
}

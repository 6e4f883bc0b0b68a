import { useState } from 'react';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

/**
 * Says, for as long as it is true, that deleted text is still waiting to be erased from the file
 * because another program is reading the database; the erasure finishes by itself (core's
 * history/erasureFinisher.ts). Nothing is shown otherwise.
 */
export function ErasureNotice({ initiallyPending }: { initiallyPending: boolean }) {
  const [pending, setPending] = useState(initiallyPending);
  useEnclaveEvents((event) => {
    if (event.type === 'erasure.changed') setPending(event.pending);
  });
  return (
    <p role="status" className="erasure-notice" hidden={!pending}>
      {pending && 'Erasure pending: another program is reading the database. Deleted text is erased as soon as it lets go.'}
    </p>
  );
}

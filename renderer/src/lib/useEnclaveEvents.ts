import { useEffect, useEffectEvent } from 'react';
import type { EnclaveEvent } from '@shared/domain.js';
import { enclave } from './api.js';

/** Calls `listener` with every event core pushes, for as long as the component is mounted. */
export function useEnclaveEvents(listener: (event: EnclaveEvent) => void): void {
  const onEvent = useEffectEvent(listener);
  useEffect(() => enclave().onEvent((event) => onEvent(event)), []);
}

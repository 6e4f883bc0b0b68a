import type { ReactNode } from 'react';
import type { HardwareInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { formatMemory } from '../../lib/format.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

const loadHardware = () => enclave().system.hardware();

/** What this machine offers the models: processor, memory, GPU. */
export function HardwareSection() {
  const hardware = useLiveQuery<HardwareInfo>(loadHardware);
  const info = hardware.value;
  return (
    <section className="column-section" aria-labelledby="hardware-title">
      <h3 id="hardware-title">Hardware</h3>
      {hardware.error && <InlineAlert error={hardware.error} prefix="Could not read the hardware" />}
      {!info && !hardware.error && <p role="status" className="muted">Looking at this computer…</p>}
      {info && (
        <dl className="facts facts-wide">
          <Fact term="Processor">{info.cpu.model}</Fact>
          <Fact term="Architecture">{info.cpu.architecture}</Fact>
          <Fact term="Cores">
            {info.cpu.logicalCores} logical, {info.cpu.mathCores} used for models
          </Fact>
          <Fact term="Instruction sets">
            {info.cpu.instructionSets.length > 0 ? (
              <span className="chips">
                {info.cpu.instructionSets.map((set) => (
                  <span key={set} className="chip">
                    {set}
                  </span>
                ))}
              </span>
            ) : (
              'Not reported'
            )}
          </Fact>
          <Fact term="Memory">
            {formatMemory(info.memory.totalBytes)} <span className="muted">({formatMemory(info.memory.freeBytes)} free)</span>
          </Fact>
          <Fact term="GPU backend">{info.gpu.backend ? info.gpu.backend.toUpperCase() : 'None (CPU only)'}</Fact>
          {info.gpu.devices.length > 0 && <Fact term="GPU devices">{info.gpu.devices.join(', ')}</Fact>}
          {info.gpu.backend && (
            <Fact term="VRAM">
              {formatMemory(info.gpu.vramTotalBytes)}{' '}
              <span className="muted">({formatMemory(info.gpu.vramFreeBytes)} free)</span>
            </Fact>
          )}
          <Fact term="llama.cpp">
            {info.engine === 'enclave-build' ? 'Built for this processor' : 'Prebuilt (portable)'}
          </Fact>
          <Fact term="System">
            {info.os.platform} {info.os.release}
          </Fact>
        </dl>
      )}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

import type { HardwareInfo } from '../../shared/domain.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes } from '../errors.js';
import { formatBytes, printFields, printJson, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { hardwareUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/** `enclave hardware`: what this machine offers models, as the model host (llama.cpp) sees it. */
export async function hardwareCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, hardwareUsage);
  if (values.help) return printUsage(hardwareUsage);
  expectOperands(positionals, 0, 0, 'hardware', hardwareUsage);
  const hardware = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) =>
    session.request('system.hardware', {}),
  );
  if (values.json) printJson(hardware);
  else printHardware(hardware);
  return exitCodes.ok;
}

const engineDescriptions: Record<HardwareInfo['engine'], string> = {
  'enclave-build': "Enclave's build for this CPU (npm run engine:build)",
  prebuilt: "node-llama-cpp's prebuilt binaries (npm run engine:build compiles a faster one for this CPU)",
};

function printHardware({ cpu, memory, gpu, os, engine }: HardwareInfo): void {
  const devices = gpu.devices.length > 0 ? gpu.devices.join(', ') : 'no device names reported';
  printFields([
    ['CPU', `${cpu.model} (${cpu.architecture})`],
    ['Cores', `${cpu.logicalCores} logical, ${cpu.mathCores} used for model math`],
    ['Instruction sets', cpu.instructionSets.length > 0 ? cpu.instructionSets.join(', ') : 'none detected'],
    ['Memory', `${formatBytes(memory.totalBytes)} total, ${formatBytes(memory.freeBytes)} free`],
    [
      'GPU',
      gpu.backend === null
        ? 'none in use: models run on the CPU'
        : `${gpu.backend}: ${devices}\n${formatBytes(gpu.vramTotalBytes)} VRAM, ${formatBytes(gpu.vramFreeBytes)} free`,
    ],
    ['OS', `${os.platform} ${os.release}`],
    ['llama.cpp', engineDescriptions[engine]],
  ]);
}

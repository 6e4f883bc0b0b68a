/**
 * The llama.cpp binary the benchmarks' in-process peers load: the one the app's model host loads
 * (Enclave's build for this CPU where `npm run engine:build` made one, the prebuilt otherwise), so
 * that "app / bare" compares like with like; `engineLabel` says which it was in the printout.
 */
import { getLlama, type Llama, type LlamaOptions } from 'node-llama-cpp';
import { engineBinaryOf, engineCmakeOptions } from '../../electron/core/llm/host/engineBuild.js';

export function benchLlama(options: Omit<LlamaOptions, 'gpu' | 'build' | 'cmakeOptions'> = {}): Promise<Llama> {
  return getLlama({ ...options, gpu: false, build: 'never', cmakeOptions: { ...engineCmakeOptions } });
}

export function engineLabel(llama: Llama): string {
  return engineBinaryOf(llama.buildType) === 'enclave-build' ? 'Enclave build for this CPU (engine:build)' : 'node-llama-cpp prebuilt';
}

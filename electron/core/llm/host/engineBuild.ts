/**
 * Enclave's own build of llama.cpp for this CPU (`npm run engine:build`): node-llama-cpp's bundled
 * source with patches/node-llama-cpp-persistent-threadpool.patch, compiled with cmake. The prebuilt
 * binaries create and join their CPU worker threads on every decode (one per generated token); this
 * build keeps one threadpool per context, as llama.cpp's own tools do, and decodes about 1.5x faster
 * on 2 threads (docs/engine.md).
 *
 * These cmake options are also its key among node-llama-cpp's local builds: the runtime asks for a
 * build made with them, and falls back to the prebuilt binaries where there is none. Bump the marker
 * when the patch changes, so that an older build is not taken for the new one.
 */
export const engineCmakeOptions: Readonly<Record<string, string>> = {
  // The prebuilt binaries' threading (ggml's own threads, not OpenMP), which the patch keeps alive.
  GGML_OPENMP: 'OFF',
  ENCLAVE_ENGINE_PATCH: 'persistent-threadpool-2',
};

/** Which llama.cpp binary a host runs: Enclave's build for this CPU, or node-llama-cpp's prebuilt one. */
export type EngineBinary = 'enclave-build' | 'prebuilt';

export function engineBinaryOf(buildType: 'localBuild' | 'prebuilt'): EngineBinary {
  return buildType === 'localBuild' ? 'enclave-build' : 'prebuilt';
}

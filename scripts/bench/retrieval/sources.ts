/**
 * The real documents bench:retrieval reads: manuals from Debian packages, fetched at run time with
 * `apt-get download` into `.cache/bench-retrieval/` (gitignored) and unpacked with `dpkg -x`, and two
 * small files kept in test/fixtures/documents. Each package and each file is checked against its SHA-256,
 * so the question set's page numbers always point into the same bytes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
export const benchCacheDir = path.join(repositoryRoot, '.cache', 'bench-retrieval');

interface DebianPackage {
  name: string;
  version: string;
  /** SHA-256 of the .deb as the Debian mirror serves it (bookworm). */
  sha256: string;
}

export interface BenchDocumentSource {
  /** The name questions.json uses. */
  name: string;
  /** BCP 47 language of the text. */
  language: string;
  /** Where the file comes from; null for a fixture kept in the repository. */
  debian: DebianPackage | null;
  /** Inside the package (for Debian documents) or relative to the repository root (fixtures). */
  path: string;
  sha256: string;
}

const octaveDoc = { name: 'octave-doc', version: '7.3.0-2', sha256: 'b27897cc7e3d688daa5cb8f8d1ea47077f3fbd205ce32e22522200ff0c1eadd5' };
const asymptoteDoc = { name: 'asymptote-doc', version: '2.85+ds-1', sha256: 'b2ae6e97c64ede66c1e41cc913f790b01188d198557203a2b3c500ba3495e6ca' };
const gnuplotDoc = { name: 'gnuplot-doc', version: '5.4.4+dfsg1-2', sha256: '73fe1816a296594cf6a1d38528f8d740fd650f57a2cb62e029f7920fcd5b31f0' };
const japanese = { name: 'texlive-lang-japanese', version: '2022.20230122-1', sha256: '15e022f10db2a0682546d55875af91846a2f26f3811ac4e690d89bf617b9d928' };
const arabic = { name: 'texlive-lang-arabic', version: '2022.20230122-1', sha256: 'f19fc0968f7a72482a974de53d655a9de529a0402cf0f37a79a1f8191647f5f2' };
const cyrillic = { name: 'texlive-lang-cyrillic', version: '2022.20230122-1', sha256: 'a4ad6391ce4890f680aa0ae25b694a42fb5ce7dfc586e45499a85beff4d6e3ea' };

export const benchDocuments: readonly BenchDocumentSource[] = [
  { name: 'octave.pdf', language: 'en', debian: octaveDoc, path: 'usr/share/doc/octave/octave.pdf', sha256: 'ddd24489f87b46fbf99c15cc34aa865ae66775fb7c21927f7f2d6be9470becb8' },
  { name: 'asymptote.pdf', language: 'en', debian: asymptoteDoc, path: 'usr/share/doc/asymptote/asymptote.pdf', sha256: 'e17165321f74a5ec1b884cf20773cc43361df8f7fc707b071debf4ef707de051' },
  { name: 'gnuplot.pdf', language: 'en', debian: gnuplotDoc, path: 'usr/share/doc/gnuplot/gnuplot.pdf', sha256: 'df68dd0613f043141512fc4436d17aaf96727d5a758d85233915ac5056a97206' },
  {
    name: 'jlshort.pdf',
    language: 'ja',
    debian: japanese,
    path: 'usr/share/doc/texlive-doc/latex/lshort-japanese/jlshort.pdf',
    sha256: '7da48ed30bf6333e1629461f09a9594d0f57d1fcb37e9f824adb26655ba6b7b2',
  },
  {
    name: 'lshort-persian.pdf',
    language: 'fa',
    debian: arabic,
    path: 'usr/share/doc/texlive-doc/latex/lshort-persian/lshort.pdf',
    sha256: '8f769ed1a803239681cbcd58717e6adb0c94eb6503b5ebfe272cf86d39cb4ad8',
  },
  {
    name: 'texlive-ru.pdf',
    language: 'ru',
    debian: cyrillic,
    path: 'usr/share/doc/texlive-doc/texlive/texlive-ru/texlive-ru.pdf',
    sha256: 'cb063b7975e2aca4f8f6803614a1e71d25bae433f1ab10ef404080f0897ddb69',
  },
  {
    name: 'mpman-ru.pdf',
    language: 'ru',
    debian: cyrillic,
    path: 'usr/share/doc/texlive-doc/metapost/mpman-ru/mpman-ru.pdf',
    sha256: '119f1e37b7fdc04c4b62bb38ae5a50a5abb8f9c329ac591a16fa29e892868baf',
  },
  { name: 'greektonoi.pdf', language: 'el', debian: null, path: 'test/fixtures/documents/greektonoi.pdf', sha256: 'ee61d764fb7d6c94989ec111a3f439e13a68c50e1ef174ca639c2ff40c83385a' },
  { name: 'eskd.pdf', language: 'ru', debian: null, path: 'test/fixtures/documents/eskd.pdf', sha256: 'bb59ecda97d1c60ed358ad0d04edf606c2d27900277c075027edd20d7f950013' },
];

export interface BenchDocument extends BenchDocumentSource {
  filePath: string;
}

async function sha256Of(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Downloads the package, unpacks it into a temporary folder and keeps only the files the bench reads
 * (its documents' paths), under `.cache/bench-retrieval/<package>_<version>/`; the .deb and the rest
 * of the tree (hundreds of MB for the TeX Live language packages) are removed.
 */
async function fetchPackage(debian: DebianPackage): Promise<void> {
  const kept = path.join(benchCacheDir, `${debian.name}_${debian.version}`);
  const work = fs.mkdtempSync(path.join(benchCacheDir, `${debian.name}-`));
  try {
    await run('apt-get', ['download', `${debian.name}=${debian.version}`], { cwd: work });
    // apt-get names the file with the version's colon escaped; Debian's -doc packages here have no epoch.
    const deb = path.join(work, `${debian.name}_${debian.version}_all.deb`);
    const actual = await sha256Of(deb);
    if (actual !== debian.sha256) throw new Error(`${path.basename(deb)} has SHA-256 ${actual}, expected ${debian.sha256}`);
    const unpacked = path.join(work, 'tree');
    await run('dpkg', ['-x', deb, unpacked]);
    for (const document of benchDocuments.filter((candidate) => candidate.debian?.name === debian.name)) {
      fs.mkdirSync(path.dirname(path.join(kept, document.path)), { recursive: true });
      fs.copyFileSync(path.join(unpacked, document.path), path.join(kept, document.path));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The documents present and verified, fetching the Debian ones that are missing. A document that
 * cannot be fetched (no apt-get, no mirror) is left out with one line saying why; a file whose hash
 * differs is an error, since its questions' pages would point at other text.
 */
export async function fetchBenchDocuments(log: (line: string) => void): Promise<BenchDocument[]> {
  const found: BenchDocument[] = [];
  const failed = new Set<string>();
  for (const source of benchDocuments) {
    const filePath = source.debian
      ? path.join(benchCacheDir, `${source.debian.name}_${source.debian.version}`, source.path)
      : path.join(repositoryRoot, source.path);
    if (source.debian && !fs.existsSync(filePath)) {
      if (failed.has(source.debian.name)) continue;
      try {
        fs.mkdirSync(benchCacheDir, { recursive: true });
        await fetchPackage(source.debian);
      } catch (error) {
        // One line per package: no apt-get, no mirror, or a package the mirror no longer has.
        const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        const leftOut = benchDocuments.filter((candidate) => candidate.debian?.name === source.debian?.name).map((candidate) => candidate.name);
        log(`${source.debian.name} ${source.debian.version} not fetched (${reason}); left out: ${leftOut.join(', ')}`);
        failed.add(source.debian.name);
        continue;
      }
    }
    const actual = await sha256Of(filePath);
    if (actual !== source.sha256) throw new Error(`${filePath} has SHA-256 ${actual}, expected ${source.sha256}`);
    found.push({ ...source, filePath });
  }
  return found;
}

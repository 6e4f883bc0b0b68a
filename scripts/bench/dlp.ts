/**
 * bench:dlp — DLP scan throughput: every detector (custom terms and a record-number pattern included,
 * as a real policy has them) over 10 MB of generated mixed text, median of 7 runs after one discarded
 * warm-up (regex compilation, JIT). Target: >= 50 MB/s of wall-clock time. CPU-time throughput is
 * printed beside it: on this shared 2-core machine other processes take turns with the scan, which
 * stretches wall-clock time but not CPU time, so a gap between the two figures is the machine's load.
 * Then what the speed buys, on the DLP corpus (test/fixtures/dlp/): recall per detector over the
 * formatted variants and the real prose's own identifiers (target >= 0.99 for structured identifiers),
 * and false positives per megabyte of real prose (target <= 1).
 * (The other DLP figure, the latency DLP adds to a remote request, belongs to the remote provider's bench.)
 */
import { createDlpScanner, summarizeFindings } from '../../electron/core/dlp/index.js';
import { evaluateDlpCorpus, loadDlpCorpus, structuredDetectors } from '../fixtures/dlpCorpus.js';
import { generateDlpBenchText } from '../fixtures/dlpText.js';
import { format, median } from './stats.js';

const megabytes = Number(process.env.BENCH_DLP_MB ?? 10);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const targetMegabytesPerSecond = 50;
const targetRecall = 0.99;
const targetFalsePositivesPerMegabyte = 1;

const scanner = createDlpScanner({
  customTerms: ['Project Falcon', 'Orion Holdings', 'Bluebird merger', 'Kestrel', 'Atlas Pharma', 'Nightjar', 'Cobalt Street', 'Helios'],
  medicalRecordNumberPatterns: [String.raw`\bMRN-\d{8}\b`],
});

function main(): void {
  const { text, sensitiveCount } = generateDlpBenchText(megabytes * 1_000_000);
  const megabytesScanned = Buffer.byteLength(text, 'utf8') / 1e6;
  console.log(`bench:dlp  text=${format(megabytesScanned, 1)} MB (${sensitiveCount} sensitive sentences)  runs=${runs} (+1 warm-up)`);

  let findings = scanner.scan(text);
  const wallSpeeds: number[] = [];
  const cpuSpeeds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    findings = scanner.scan(text);
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    wallSpeeds.push(megabytesScanned / wallSeconds);
    cpuSpeeds.push(megabytesScanned / ((cpu.user + cpu.system) / 1e6));
  }

  const summary = summarizeFindings(findings);
  const counts = Object.entries(summary.byDetector).map(([detector, count]) => `${detector} ${count}`);
  console.log(`findings: ${summary.total} of ${sensitiveCount} written in (${counts.join(', ')})`);
  console.log(`runs, wall-clock (MB/s): ${wallSpeeds.map((speed) => format(speed, 1)).join(', ')}`);
  const throughput = median(wallSpeeds);
  const met = throughput >= targetMegabytesPerSecond;
  console.log(`DLP scan throughput (wall-clock): ${format(throughput, 1)} MB/s   target >= ${targetMegabytesPerSecond} MB/s   ${met ? 'MET' : 'NOT MET'}`);
  console.log(`DLP scan throughput (CPU time):   ${format(median(cpuSpeeds), 1)} MB/s`);
  reportCorpus();
}

function reportCorpus(): void {
  const corpus = loadDlpCorpus();
  const evaluation = evaluateDlpCorpus(createDlpScanner(corpus.policy), corpus);
  console.log(
    `corpus: ${corpus.positives.length} formatted variants, ${format(evaluation.proseMegabytes, 2)} MB of real prose holding ${corpus.proseIdentifiers.length} identifiers of its own`,
  );
  for (const { detector, found, total, recall } of evaluation.recall) {
    const structured = structuredDetectors.includes(detector);
    const verdict = recall >= targetRecall ? 'MET' : 'NOT MET';
    const label = `DLP recall, ${detector}:`.padEnd(37);
    console.log(`${label}${format(recall, 3)} (${found}/${total})   target >= ${targetRecall}${structured ? '' : ' (not a structured identifier)'}   ${verdict}`);
  }
  for (const { detector, formatting, text } of evaluation.missedPositives) console.log(`  missed ${detector} (${formatting}): ${JSON.stringify(text)}`);
  const falsePositives = evaluation.falsePositivesPerMegabyte;
  const met = falsePositives <= targetFalsePositivesPerMegabyte;
  console.log(
    `DLP false positives on real prose:   ${format(falsePositives, 2)} per MB (${evaluation.falsePositives.length} in ${format(evaluation.proseMegabytes, 2)} MB)   target <= ${targetFalsePositivesPerMegabyte} per MB   ${met ? 'MET' : 'NOT MET'}`,
  );
  for (const { file, finding } of evaluation.falsePositives) console.log(`  ${file}: ${finding.detector} "${finding.text}"`);
}

main();

/**
 * bench:dlp — DLP scan throughput: every detector (custom terms and a record-number pattern included,
 * as a real policy has them) over 10 MB of generated mixed text, median of 7 runs after one discarded
 * warm-up (regex compilation, JIT). Target: >= 50 MB/s of wall-clock time. CPU-time throughput is
 * printed beside it: on this shared 2-core machine other processes take turns with the scan, which
 * stretches wall-clock time but not CPU time, so a gap between the two figures is the machine's load.
 * (The other DLP figure, the latency DLP adds to a remote request, belongs to the remote provider's bench.)
 */
import { createDlpScanner, summarizeFindings } from '../../electron/core/dlp/index.js';
import { generateDlpBenchText } from '../fixtures/dlpText.js';
import { format, median } from './stats.js';

const megabytes = Number(process.env.BENCH_DLP_MB ?? 10);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const targetMegabytesPerSecond = 50;

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
}

main();

import { Worker } from 'node:worker_threads';

/**
 * Runs on its own thread, so it keeps watching while the main thread is stuck inside one long
 * synchronous step (pdf.js inflating a stream, mammoth parsing a huge XML part). The resident set
 * counts what the JavaScript heap cap does not: pdf.js keeps inflated streams in ArrayBuffers, outside
 * the heap. Past the limit the whole process is killed at once; the parent reports the file.
 */
const watchdogSource = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.memoryUsage.rss() > workerData.limitBytes) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;

/** Kills this process as soon as its resident memory passes `limitBytes` (checked every `intervalMs`). */
export function startMemoryWatchdog(limitBytes: number, intervalMs = 50): void {
  const worker = new Worker(watchdogSource, { eval: true, workerData: { limitBytes, intervalMs } });
  // The watchdog never keeps the process alive on its own.
  worker.unref();
}

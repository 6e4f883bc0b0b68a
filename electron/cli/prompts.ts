/** Asking the person at the terminal: a secret that must not reach argv or shell history, a yes/no. */
import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import { exitCodes } from './errors.js';
import { isTerminal } from './output.js';

/** Whether a person can answer: standard input and standard error are both a terminal. */
export function canAsk(): boolean {
  return isTerminal(process.stdin) && isTerminal(process.stderr);
}

/**
 * A secret from standard input: at a terminal, one line typed or pasted without echo; from a pipe or a
 * file, the whole input. Surrounding whitespace (the newline `echo` adds) is dropped.
 */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll(process.stdin)).trim();
  process.stderr.write(prompt);
  // Readline echoes what it reads to its output: give it one that shows nothing.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = quitOnInterrupt(readline.createInterface({ input: process.stdin, output: silent, terminal: true }));
  try {
    return (await reader.question('')).trim();
  } finally {
    reader.close();
    process.stderr.write('\n');
  }
}

/** Asks on stderr and reads the answer; only "y" or "yes" is yes. */
export async function askYesNo(question: string): Promise<boolean> {
  const reader = quitOnInterrupt(readline.createInterface({ input: process.stdin, output: process.stderr }));
  try {
    const answer = (await reader.question(`${question} [y/N] `)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  } finally {
    reader.close();
  }
}

/** At a terminal readline takes Ctrl-C itself (and would only pause): quit, as Ctrl-C does elsewhere. */
function quitOnInterrupt(reader: readline.Interface): readline.Interface {
  reader.on('SIGINT', () => {
    process.stderr.write('\n');
    process.exit(exitCodes.interrupted);
  });
  return reader;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

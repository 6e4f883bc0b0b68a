import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { EnclaveError } from '../core/errors.js';
import type { KeySources } from '../core/storage/keySources.js';
import { readNewPassphrase } from './newPassphrase.js';

/**
 * Where the CLI finds the database passphrase and a recovery key: `--passphrase-file <file>`, else
 * `ENCLAVE_PASSPHRASE_FILE`, else a prompt at a terminal (typed without echo). Never from the command
 * line itself, where other users of the machine can read it (ps, shell history). Likewise a recovery key
 * only from `--recovery-key-file <file>`.
 */
export const keyFileOptions = {
  'passphrase-file': { type: 'string' },
  'recovery-key-file': { type: 'string' },
} as const;

let configured: Omit<KeySources, 'keychain'> = {};
let configuredPassphraseFile: string | undefined;

/** Read once from the whole command line (the options may come before or after the command). */
export function configureKeySources(args: string[], env = process.env): void {
  const terminator = args.indexOf('--');
  const { values } = parseArgs({ args: terminator === -1 ? args : args.slice(0, terminator), options: keyFileOptions, strict: false, allowPositionals: true });
  const passphraseFile = typeof values['passphrase-file'] === 'string' ? values['passphrase-file'] : env.ENCLAVE_PASSPHRASE_FILE || undefined;
  const recoveryKeyFile = typeof values['recovery-key-file'] === 'string' ? values['recovery-key-file'] : undefined;
  let asked: Promise<string | null> | undefined;
  let askedNew: Promise<string | null> | undefined;
  configuredPassphraseFile = passphraseFile;
  configured = {
    // Asked at most once per run, and only when the key is not to be had otherwise.
    passphrase: () => (asked ??= passphraseFile ? Promise.resolve(readSecretFile(passphraseFile, 'passphrase')) : askAtTerminal('Enclave passphrase: ')),
    // For a key being made (a new database): typed twice at a terminal (newPassphrase.ts).
    newPassphrase: () => (askedNew ??= readNewPassphrase(passphraseFile, 'passphrase')),
    ...(recoveryKeyFile ? { recoveryKey: readSecretFile(recoveryKeyFile, 'recovery key') } : {}),
  };
}

export function cliKeySources(): Omit<KeySources, 'keychain'> {
  return configured;
}

/** The passphrase file given (`--passphrase-file`, else ENCLAVE_PASSPHRASE_FILE), if any: a new passphrase may come from it without asking. */
export function passphraseFile(): string | undefined {
  return configuredPassphraseFile;
}

/** A secret kept in a file: its content without the final line break an editor or `echo` adds. */
export function readSecretFile(filePath: string, what: string): string {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new EnclaveError('invalid-request', `The ${what} file ${filePath} could not be read: ${(error as Error).message}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new EnclaveError('invalid-request', `The ${what} file ${filePath} is empty.`);
  return secret;
}

/** Asks at the terminal without echoing what is typed; null when there is no terminal to ask at. */
export function askAtTerminal(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string | null> {
  if (!input.isTTY || !output.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const finish = (value: string | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      // An arrow or function key arrives as one escape sequence: none of it is part of a passphrase.
      if (chunk.includes(0x1b)) return;
      for (const character of chunk.toString('utf8')) {
        if (character === '\r' || character === '\n' || character === '\u0003' || character === '\u0004') {
          // Enter gives what was typed; Ctrl-C and Ctrl-D give nothing.
          finish(character === '\r' || character === '\n' ? typed : null);
          return;
        }
        // Backspace takes back one code point (as the loop reads them), not half of a surrogate pair.
        if (character === '\u007f' || character === '\b') typed = Array.from(typed).slice(0, -1).join('');
        // Other control characters (Ctrl-U, a tab) are not typed text either.
        else if (character >= ' ') typed += character;
      }
    };
    input.on('data', onData);
  });
}

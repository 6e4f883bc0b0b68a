/** The help texts of the commands over the data as a whole: its encryption, backups, the audit trail. */
import { globalOptionsText } from './usageGlobal.js';

export const storageUsage = `Usage:
  enclave storage status [--json]     Whether the database is encrypted, the cipher, the database and
                                      key files, what protects the key, when the recovery key was
                                      shown, the machine policy, and why the data is locked if it is
  enclave storage encrypt             Encrypt a plain database; its new key is kept by the passphrase
                                      (--passphrase-file, $ENCLAVE_PASSPHRASE_FILE, or typed twice)
  enclave storage rekey [--show-recovery-key]
                                      A new random key, every page re-encrypted; prints the new
                                      recovery key when one had been shown (the old one stops working)
                                      or when asked for
  enclave storage passphrase [--new-passphrase-file <file> | --remove]
                                      Set or change the passphrase (the new one from the file, or typed
                                      twice at a terminal); --remove only while the OS keychain keeps
                                      the key too
  enclave storage recovery-key        Print the recovery key, once: it opens the data when the
                                      passphrase or the key file is lost

Options:
  --json             Print JSON instead of text (every subcommand)

The CLI has no OS keychain: it unlocks with the passphrase or the recovery key. A forgotten passphrase
or a damaged key file is mended with the recovery key and a new passphrase:
  enclave storage passphrase --recovery-key-file rk.txt --new-passphrase-file new.txt
A passphrase is never taken from the command line, where other users and the shell history see it.

${globalOptionsText}`;

export const backupUsage = `Usage:
  enclave backup <file> [--key-file <file>] [--json]
                                Write a consistent copy of the database to <file>, even while Enclave
                                runs: encrypted with the database's key (its recovery key opens it),
                                or with the key in --key-file; prints the path, size and encryption

Options:
  --key-file <file>  A file holding a key written as a recovery key (9 groups of hex digits), to
                     encrypt the backup with instead of the database's key
  --json             Print JSON instead of text

A backup made with the database's key needs the recovery key of that key once the key is changed
(storage rekey). Restore it with "enclave restore".

${globalOptionsText}`;

export const restoreUsage = `Usage:
  enclave restore <file> [--key-file <file>] [--json]
                                Put a backup in place of the database (re-encrypted with the
                                database's key); what is in the database now is replaced

Options:
  --key-file <file>  The key the backup was made with, written as a recovery key, when it is not the
                     database's current key (a backup made with --key-file, or before a rekey)
  --json             Print JSON instead of text

The backup is checked first (an Enclave database this version can read, whole, opened by the key):
otherwise nothing changes. Close the app and every other enclave command first: a database in use
is not replaced.

${globalOptionsText}`;

export const auditUsage = `Usage:
  enclave audit list [--since <date|Nd>] [--type <type>] [--limit <n>] [--json]
                                Entries of the audit trail, oldest first: number, time, type,
                                who acted (app, cli) and details (identifiers and counts only)
  enclave audit verify [--checkpoint <file>] [--json]
                                Check the whole trail: exit 0 when it holds, 1 with the first
                                entry that does not (changed, removed, inserted, cut off the end)
  enclave audit checkpoint [--out <file>]
                                Print the trail's head, signed with its seal key, as JSON (or write
                                it, owner-only, to <file>): keep it off this machine, and give it
                                to "audit verify --checkpoint" later
  enclave audit export --format jsonl|syslog [--since <date|Nd>] [--type <type>] [--out <file>]
                                Entries as JSON Lines (with hash and seal) or RFC 5424 syslog
                                lines; standard output unless --out (written owner-only)
  enclave audit forward [--status] [--json]
                                Send the entries waiting for the policy's syslog collector
                                (audit.collector) now; exit 1 when it does not take them (they
                                wait). The app forwards on its own while it runs. --status: where
                                forwarding stands, sending nothing

Options:
  --since <date|Nd>  From this day (YYYY-MM-DD) or the last N days, today included (30d)
  --type <type>      One event type (model.imported) or a group of them (model, storage, audit...)
  --limit <n>        The first n entries that match

Verifying, making a checkpoint and exporting are recorded in the trail too. A plain (unencrypted)
database keeps its trail as a hash chain without seals: "audit verify" says so.

${globalOptionsText}`;

export const serveUsage = `Usage:
  enclave serve [--port <n>] [--host <address>] [--threads <n>]
                                      Serve the local models over an OpenAI-compatible API until
                                      Ctrl-C: GET /v1/models, POST /v1/chat/completions,
                                      POST /v1/embeddings (see docs/local-api.md). Only where the
                                      machine policy enables it (apiServer.enabled); loopback only
                                      unless it allows the network (apiServer.allowLan)
  enclave serve tokens add <name>     Make a client's token; it is printed once, Enclave keeps
                                      only its SHA-256. The audit trail names the client by <name>
  enclave serve tokens list           The clients, when each token was made and last used
  enclave serve tokens revoke <name>  The client's token stops working at once

Options:
  --port <n>         Port to listen on (default: the one in Settings, 8484)
  --host <address>   Address to listen on (default 127.0.0.1)
  --threads <n>      CPU threads for the models (default: all cores but one)
  --json             Print JSON instead of text (tokens subcommands)

Every request needs "Authorization: Bearer <token>"; each one is an entry in the audit trail
(client, route, model, tokens, outcome; never the text). Requests use local models only.

${globalOptionsText}`;

export const promptUsage = `Usage:
  enclave prompt [--model <id|path|name>] [--messages <file.json>] [--json] [<text...>]
                                      Print the exact prompt the model would be fed for these messages,
                                      in its own chat template with its special tokens written out, and
                                      its token count. Sends nothing and stores nothing.
  enclave prompt --remote <endpoint> --model <name> [--messages <file.json>] [--json] [<text...>]
                                      Print the request body as it would leave for that endpoint, after
                                      data-loss prevention (or the reason it would not leave: exit 1).
                                      Sends nothing, not even a request for the endpoint's models.

Options:
  --model <id|path|name>   The model (default: the only chat model)
  --messages <file.json>   OpenAI-style messages: [{"role": "system"|"user"|"assistant", "content": "…"}]
                           (without it, the text given is one user message)
  --context-size <n>       The context the model is loaded with (it decides which old turns still fit)
  --max-tokens <n>         The reply length room is kept for (as for a reply)
  --remote <endpoint>      An endpoint's name or id (see enclave endpoints list); --model names its model
  --json                   {"model", "prompt", "tokens"}: tokens are the ids, in order; with --remote,
                           {"endpoint", "endpointId", "model", "route", "reason", "prompt", "redactions",
                           "findings"} ("prompt": the body as sent, null when it would not leave)

${globalOptionsText}`;

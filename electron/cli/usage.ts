/** The help texts: `enclave --help`, and one per command (printed under a usage error as well). */

import { auditUsage, backupUsage, promptUsage, restoreUsage, serveUsage, storageUsage } from './usageData.js';
import { globalOptionsText } from './usageGlobal.js';

export const modelsUsage = `Usage:
  enclave models list                       List the models: integrity, storage, short SHA-256
  enclave models add <file|folder>...       Check, hash and copy GGUF models into the data directory
      [--link]                              ...or register them where they are, without copying
  enclave models verify [<id>]              Re-hash the files; exit 1 if any changed or is missing
  enclave models accept <id>                Accept a changed file as the model from now on
  enclave models remove <id> [--delete-file]
                                            Remove from the catalog; a copied model needs
                                            --delete-file, as its copy is deleted too (a linked
                                            or bundled file is never deleted)
  enclave models info <id>                  Show everything about a model and whether it fits here
  enclave models set <id> [settings]        Change a model's settings (remembered)
  enclave models adapter add <id> <file.gguf> [--scale <x>]
                                            Attach a LoRA adapter (scale 0 to 4, default 1)
  enclave models adapter remove <id> <adapterId>
  enclave models adapter scale <id> <adapterId> <x>
  enclave models probe <id>                 Load the model and measure its speed here
  enclave models recommend                  Which models run well on this machine, and why

<id> is a model id; a file name, model name or path works too.

Settings (for models set):
  --gpu-layers auto|<n>         Layers on the GPU (0: CPU only)
  --context-size auto|<n>       Context window in tokens
  --threads auto|<n>            CPU threads
  --batch-size auto|<n>         Prompt batch size
  --flash-attention auto|on|off Flash attention (auto: where the backend supports it)
  --chat-template <name>        Chat format: auto (the model's own; plain text without one), plain,
                                chatml, llama3, gemma, mistral or phi
  --thinking on|off             Let a reasoning model think before answering (default on); off tells
                                its template so (Qwen 3's enable_thinking)

Options:
  --json             Print JSON instead of text (every subcommand)

Ctrl-C stops "models add": the model being imported is not added and no partial file is left.

${globalOptionsText}`;

export const chatUsage = `Usage:
  enclave chat [options] <prompt...>   Send a prompt and stream the reply
  enclave chat --remote <endpoint> [--model <name>] [--yes] [options] <prompt...>
                                       ...to a model on a remote endpoint, where the machine policy
                                       allows it (see "enclave help endpoints")

Options:
  --model <id|path|name>   The model (default: the only model in the catalog); with --remote, the
                           model as the endpoint names it (default: the first one it lists)
  --remote <name|id>       Send to this remote endpoint instead of a local model
  --yes                    With --remote: send even when data-loss prevention asks to confirm
                           (needed when not at a terminal, where Enclave would ask)
  --chat <id>              Continue this chat (default: start a new one)
  --threads <n>            CPU threads (default: $ENCLAVE_THREADS, else all cores but one)
  --context-size <n>       Context window in tokens (capped by the model's own)
  --max-tokens <n>         Longest reply in tokens
  --temperature <x>        Sampling temperature, 0 for the most likely reply
  --show-thinking          Print a reasoning model's thoughts on stderr (stdout stays the answer)

Ctrl-C stops the reply; what was written so far is kept, marked interrupted.
The chat id is printed on stderr at the end ("chat <id>") for a follow-up --chat <id>.
Set ENCLAVE_GPU=off to run on the CPU only.

With --remote, before sending, what data-loss prevention found is printed on stderr (masked) with
what the machine policy does with it: redact (replaced before sending, restored in the reply shown
here), warn (asks "Send anyway?") or block (nothing is sent; exit 1 with the reason). The policy may
also keep the message on a local model. After the reply: where it was answered and what was redacted.

${globalOptionsText}`;

export const chatsUsage = `Usage:
  enclave chats list [--json]          List the chats, most recent first
  enclave chats show <id> [--json]     Print a chat's transcript
  enclave chats export <id>|--all --format md|json [--out <file>]
                                       Export one chat or every chat: Markdown to read, JSON to
                                       import again (every branch, source and figure); standard
                                       output unless --out
  enclave chats import <file>          Import a JSON export; chats and messages already here (same
                                       id) are not duplicated. Exit 1 if some chats were not imported
  enclave chats delete <id>            Delete a chat, its text erased from the database file
  enclave chats delete --all --yes     Delete every chat, their text erased from the database file

Options:
  --json             Print JSON instead of text (list, show, import, delete)

${globalOptionsText}`;

export const searchUsage = `Usage:
  enclave search [options] <query...>   Search every chat: the messages that contain all the words
                                        (the last one may be the start of a word), best match first

Options:
  --since <YYYY-MM-DD>       Messages from this day on
  --until <YYYY-MM-DD>       Messages up to this day (included)
  --model <name|id>          Replies written by this model
  --collection <name|id>     Chats with this collection attached
  --limit <n>                Hits to show, 1 to 100 (default 20)
  --json                     Print JSON instead of text: hits with chat, message, role, time,
                             model and the snippet as segments ({text, match})

${globalOptionsText}`;

export const hardwareUsage = `Usage:
  enclave hardware [--json]            Show the CPU, memory and GPU models can use

Options:
  --json             Print JSON instead of text

Set ENCLAVE_GPU=off to run on the CPU only.

${globalOptionsText}`;

export const settingsUsage = `Usage:
  enclave settings [get] [--json]               Show the settings
  enclave settings set <setting> <value>...     Change settings (or: settings set --<setting> <value>)

Settings:
  max-resident <n>                  Models kept loaded at once, 1 to 8 (least recently used unload first)
  idle-unload-minutes <n>           Unload models after this many idle minutes (0: never)
  memory-budget-mb <n>|auto         RAM models may use (auto: what the system reports free)
  embedding-model <id|path>|none    The GGUF model that embeds documents (a path is registered, linked
                                    in place); none: keyword search only. Changing it re-indexes every
                                    document: the command waits, with progress. Ctrl-C stops waiting,
                                    and the rest is re-indexed when Enclave next starts
  retrieval-top-k <n>               Passages given to a question, 1 to 50 (default 6)
  relevance-floor <x>               Minimum relevance of a passage, 0 to 1 (default 0.25)
  ocr-languages <codes>             Languages OCR reads scans in, 1 to 5 Tesseract codes: eng,deu
                                    (default eng). Each must be installed: its data comes in the npm
                                    package @tesseract.js-data/<code>; "settings get" lists them

Options:
  --json                            Print JSON instead of text

${globalOptionsText}`;

const embeddingModelOption = `  --embedding-model <id|path>   Embed with this model for this command only (default: the one in
                                settings, see "enclave help settings")`;

export const docsUsage = `Usage:
  enclave docs add <files or folders...> [options]
                                  Index PDF, DOCX, TXT, Markdown, HTML and CSV files (a folder: every
                                  such file under it); one line per file, exit 1 if any failed
  enclave docs list [--collection <name|id>] [--json]
                                  The documents: status, pages, chunks, embedding model, errors
  enclave docs remove <document-id...>
                                  Remove documents and their index (the files are not touched)

Options (docs add):
  --collection <name|id>        Into this collection, created if missing (default: "Documents")
${embeddingModelOption}
  --json                        Print JSON instead of text

Ctrl-C stops "docs add": nothing of the file being indexed is kept; the files before it stay indexed.

${globalOptionsText}`;

export const collectionsUsage = `Usage:
  enclave collections list [--json]                  The collections, with their document counts
  enclave collections add <name>                     Create an empty collection
  enclave collections rename <name|id> <new-name>    Rename a collection
  enclave collections remove <name|id>               Remove a collection and its documents' index
                                                     (the files themselves are not touched)
  enclave collections confidential <name|id> on|off  Mark a collection confidential: chats over it
                                                     stay on local models (machine policy permitting)

${globalOptionsText}`;

export const searchDocsUsage = `Usage:
  enclave search-docs [options] <query...>   The passages that match, best first: document, page
                                             (or section), score and text

Options:
  --collection <name|id>        Search this collection; repeat for several (default: every
                                collection except files dropped into a single chat)
  --top-k <n>                   Passages to return, 1 to 50 (default: retrieval-top-k in settings)
${embeddingModelOption}
  --json                        Print JSON instead of text, with each passage whole

${globalOptionsText}`;

export const askUsage = `Usage:
  enclave ask --collection <name|id> [options] <question...>
                                Answer from the documents of the collections, citing them: the answer
                                streams, then its sources ([n] file, page, cited or also retrieved)

Options:
  --collection <name|id>        The documents to answer from; repeat for several
  --model <id|path|name>        The model to answer with (default: the only one besides the embedding model)
${embeddingModelOption}
  --chat <id>                   Continue this chat (its collections are kept unless --collection is given)
  --threads <n>                 CPU threads
  --context-size <n>            Context window in tokens (the passages need room: 2048 or more)
  --max-tokens <n>              Longest answer in tokens
  --temperature <x>             Sampling temperature, 0 for the most likely answer
  --show-thinking               Print a reasoning model's thoughts on stderr (stdout stays the answer)

Ctrl-C stops the answer; what was written so far is kept, marked interrupted.
The chat id is printed on stderr at the end ("chat <id>"), as "enclave chat" does.

${globalOptionsText}`;

export const dlpUsage = `Usage:
  enclave dlp scan <file|->     Find sensitive data in a text file (- reads standard input), as
                                Enclave checks text before it leaves this machine

Options:
  --json             Print JSON instead of text

Each finding is printed with its line:column, detector, the machine policy's action for it and the
text masked (first and last character kept), then a count per detector. The machine policy's custom
terms and medical record number patterns are used (ENCLAVE_POLICY_FILE points at another policy).

Exit code 0 whenever the scan ran, findings or not: read the count (with --json, "summary.total");
1 when the file cannot be read; 2 for a usage error.

${globalOptionsText}`;

export const endpointsUsage = `Usage:
  enclave endpoints list [--json]             The remote endpoints: base URL, where the API key is kept,
                                              and whether the machine policy allows each (or why not)
  enclave endpoints add <name> <base-url>     Add an OpenAI-compatible endpoint (e.g. https://llm.example/v1);
      [--api-key-env <VAR>]                   ...its API key read from $VAR at each request (not stored)
      [--api-key-stdin]                       ...or read once from standard input and stored in an
                                              owner-only file in the data directory
  enclave endpoints remove <name|id>          Remove an endpoint and its stored key
  enclave endpoints test <name|id>            Ask the endpoint for its models: the list and the latency,
                                              or exit 1 with why it failed (policy, network, TLS, key)

Options:
  --json             Print JSON instead of text

An API key is never taken from the command line, where it would stay in the shell's history:
  printf '%s' "$KEY" | enclave endpoints add work https://llm.example/v1 --api-key-stdin
The desktop app keeps keys in the OS keychain; a terminal has none, hence the file (mode 0600).
Endpoints can only be added where the machine policy allows them (see "enclave policy").

${globalOptionsText}`;

export const usageCommandUsage = `Usage:
  enclave usage [--since <date|Nd>] [--compare <model>] [--json | --csv]
                                Tokens and cost per day, provider and model, with totals: the spend
                                on remote models, and what the local tokens would have cost
  enclave usage requests [--since <date|Nd>] [--json]
                                The record of every remote request: time, endpoint, model, tokens,
                                data-loss prevention counts (never the values) and outcome
  enclave usage prices [--json]                   The price table (US dollars per million tokens)
  enclave usage price set <model> <in> <out>      Set a model's price per million tokens in and out

Options:
  --since <date|Nd>    From this day (YYYY-MM-DD) or the last N days, today included (30d)
  --compare <model>    Price local tokens as if on this hosted model (default: gpt-4o)
  --csv                The report as CSV, for spreadsheets
  --json               Print JSON instead of text

${globalOptionsText}`;

export const policyUsage = `Usage:
  enclave policy [show] [--json]   The machine policy in force: the file it was read from, its status
                                   (missing or invalid: Enclave stays offline, and why), the network
                                   mode, the allowed endpoints and every setting it locks

The policy is read from /etc/enclave/policy.json and policy.d/*.json (Linux), ProgramData\\Enclave\\policy.json
and HKLM\\SOFTWARE\\Policies\\Enclave (Windows), /Library/Application Support/Enclave/policy.json and the
managed preferences of org.enclave.desktop (macOS), later sources winning; in development and test
builds, from the file ENCLAVE_POLICY_FILE names instead. Only an administrator can change it; its JSON Schema is electron/core/policy/policy.schema.json.

${globalOptionsText}`;

export const extractUsage = `Usage:
  enclave extract --schema <file> [options] <text...>
                                Print, as JSON, the fields the schema describes, taken from the text
                                by a local model whose output is held to the schema
  enclave extract --schema <file> [options] -
                                ...the text read from standard input

Options:
  --schema <file>               A JSON Schema: objects, arrays, strings (minLength, maxLength, format
                                date, time or date-time), numbers, integers, booleans, null, enum,
                                const, oneOf/anyOf and "#/$defs/..." references. Keywords the output
                                grammar cannot enforce (pattern, minimum, allOf...) are refused
  --model <id|path|name>        The model (default: the only one besides the embedding model)
  --threads <n>                 CPU threads
  --context-size <n>            Context window in tokens (the text and the schema must fit)
  --max-tokens <n>              Longest JSON in tokens (default 1024)
  --temperature <x>             Sampling temperature (default 0, the most likely answer)

The JSON printed parses and matches the schema; otherwise the command fails with the reason (exit 1).
A schema file that is not JSON, not a JSON Schema, or beyond the grammar is refused before any model
loads (exit 1). Ctrl-C stops the extraction (exit 130).

${globalOptionsText}`;

export const mainUsage = `Enclave: a private AI assistant that runs models on this machine.

Usage:
  enclave <command> [options]

Commands:
  models list                List the models Enclave can use
  models add <file|folder>   Import GGUF models (copied, or --link in place)
  models verify [<id>]       Check the model files are unchanged
  models info <id>           Show a model's details and whether it fits here
  models ...                 accept, remove, set, adapter, probe, recommend: see "enclave help models"
  hardware                   Show the CPU, memory and GPU
  settings                   Show or change the settings (memory, embedding model, retrieval)
  chat <prompt...>           Send a prompt and stream the reply
  prompt <text...>           Show the exact prompt a model would be fed (its template, special tokens,
                             token count); sends nothing
  chats list                 List the chats
  chats show <id>            Print a chat's transcript
  chats export|import|delete Export chats (Markdown, JSON), import JSON, delete for good
  search <query...>          Search every chat for words
  docs add <files...>        Index documents into a collection (--collection <name>)
  docs list|remove           List or remove indexed documents
  collections ...            list, add, rename, remove collections of documents
  search-docs <query...>     Find the passages of your documents that match
  ask --collection <name> <question...>
                             Answer from your documents, with the sources and their pages
  extract --schema <file> <text...>
                             Pull the fields a JSON Schema describes out of a text, as JSON
  dlp scan <file|->          Find sensitive data (e-mail, phone, card numbers…) in a text
  chat --remote <endpoint> <prompt...>
                             Send to a remote model, under the machine policy and its DLP checks
  endpoints ...              list, add, remove, test remote OpenAI-compatible endpoints
  usage                      Tokens and cost per day and model; usage requests|prices|price set
  policy                     Show the machine policy: network mode, allowed endpoints, locks
  storage status             Show the database's encryption and what protects its key
  storage ...                encrypt, rekey, passphrase, recovery-key: see "enclave help storage"
  backup <file>              Write an encrypted backup of the database, even while Enclave runs
  restore <file>             Put a backup in place of the database
  audit list|verify          The audit trail: who did what, and whether it was changed since
  audit checkpoint|export    Sign the trail's head to keep elsewhere; export as JSON Lines or syslog
  audit forward              Send waiting entries to the policy's syslog collector
  serve                      Serve the local models over an OpenAI-compatible API (if policy allows)
  serve tokens add|list|revoke
                             The API's clients, each with its own token
  help [command]             Show help for a command

${globalOptionsText}

Exit codes: 0 success, 1 error, 2 usage error, 130 stopped with Ctrl-C.`;

export const commandUsages: Record<string, string> = {
  endpoints: endpointsUsage,
  usage: usageCommandUsage,
  policy: policyUsage,
  dlp: dlpUsage,
  models: modelsUsage,
  hardware: hardwareUsage,
  settings: settingsUsage,
  chat: chatUsage,
  chats: chatsUsage,
  search: searchUsage,
  docs: docsUsage,
  collections: collectionsUsage,
  'search-docs': searchDocsUsage,
  ask: askUsage,
  extract: extractUsage,
  storage: storageUsage,
  backup: backupUsage,
  restore: restoreUsage,
  audit: auditUsage,
  serve: serveUsage,
  prompt: promptUsage,
};

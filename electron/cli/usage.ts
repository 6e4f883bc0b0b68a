/** The help texts: `enclave --help`, and one per command (printed under a usage error as well). */

const globalOptionsText = `Global options:
  --data-dir <dir>   Data directory (default: $ENCLAVE_DATA_DIR, else the app's own folder)
  --debug            Print stack traces for errors
  -h, --help         Show help
  --version          Print the version`;

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
  --flash-attention on|off      Flash attention

Options:
  --json             Print JSON instead of text (every subcommand)

Ctrl-C stops "models add": the model being imported is not added and no partial file is left.

${globalOptionsText}`;

export const chatUsage = `Usage:
  enclave chat [options] <prompt...>   Send a prompt and stream the reply

Options:
  --model <id|path|name>   The model (default: the only model in the catalog)
  --chat <id>              Continue this chat (default: start a new one)
  --threads <n>            CPU threads (default: $ENCLAVE_THREADS, else all cores but one)
  --context-size <n>       Context window in tokens (capped by the model's own)
  --max-tokens <n>         Longest reply in tokens
  --temperature <x>        Sampling temperature, 0 for the most likely reply

Ctrl-C stops the reply; what was written so far is kept, marked interrupted.
The chat id is printed on stderr at the end ("chat <id>") for a follow-up --chat <id>.
Set ENCLAVE_GPU=off to run on the CPU only.

${globalOptionsText}`;

export const chatsUsage = `Usage:
  enclave chats list [--json]          List the chats, most recent first
  enclave chats show <id> [--json]     Print a chat's transcript

Options:
  --json             Print JSON instead of text

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
  chats list                 List the chats
  chats show <id>            Print a chat's transcript
  docs add <files...>        Index documents into a collection (--collection <name>)
  docs list|remove           List or remove indexed documents
  collections ...            list, add, rename, remove collections of documents
  search-docs <query...>     Find the passages of your documents that match
  ask --collection <name> <question...>
                             Answer from your documents, with the sources and their pages
  dlp scan <file|->          Find sensitive data (e-mail, phone, card numbers…) in a text
  help [command]             Show help for a command

${globalOptionsText}

Exit codes: 0 success, 1 error, 2 usage error, 130 stopped with Ctrl-C.`;

export const commandUsages: Record<string, string> = {
  dlp: dlpUsage,
  models: modelsUsage,
  hardware: hardwareUsage,
  settings: settingsUsage,
  chat: chatUsage,
  chats: chatsUsage,
  docs: docsUsage,
  collections: collectionsUsage,
  'search-docs': searchDocsUsage,
  ask: askUsage,
};

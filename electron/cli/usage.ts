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
  enclave settings [get] [--json]      Show how models share this machine's memory
  enclave settings set [options]       Change those settings

Options:
  --max-resident <n>                Models kept loaded at once, 1 to 8 (least recently used unload first)
  --idle-unload-minutes <n>         Unload models after this many idle minutes (0: never)
  --memory-budget-mb <n>|auto       RAM models may use (auto: what the system reports free)
  --json                            Print JSON instead of text

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
  settings                   Show or change how models share memory
  chat <prompt...>           Send a prompt and stream the reply
  chats list                 List the chats
  chats show <id>            Print a chat's transcript
  help [command]             Show help for a command

${globalOptionsText}

Exit codes: 0 success, 1 error, 2 usage error, 130 stopped with Ctrl-C.`;

export const commandUsages: Record<string, string> = {
  models: modelsUsage,
  hardware: hardwareUsage,
  settings: settingsUsage,
  chat: chatUsage,
  chats: chatsUsage,
};

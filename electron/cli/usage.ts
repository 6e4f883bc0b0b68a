/** The help texts: `enclave --help`, and one per command (printed under a usage error as well). */

const globalOptionsText = `Global options:
  --data-dir <dir>   Data directory (default: $ENCLAVE_DATA_DIR, else the app's own folder)
  --debug            Print stack traces for errors
  -h, --help         Show help
  --version          Print the version`;

export const modelsUsage = `Usage:
  enclave models list [--json]         List the models and any unreadable files
  enclave models add <file.gguf>       Check a GGUF file and copy it into the data directory

Options:
  --json             Print JSON (the catalog, or the added model) instead of text

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

export const mainUsage = `Enclave: a private AI assistant that runs models on this machine.

Usage:
  enclave <command> [options]

Commands:
  models list          List the models Enclave can use
  models add <file>    Add a GGUF model file
  chat <prompt...>     Send a prompt and stream the reply
  chats list           List the chats
  chats show <id>      Print a chat's transcript
  help [command]       Show help for a command

${globalOptionsText}

Exit codes: 0 success, 1 error, 2 usage error, 130 stopped with Ctrl-C.`;

export const commandUsages: Record<string, string> = {
  models: modelsUsage,
  chat: chatUsage,
  chats: chatsUsage,
};

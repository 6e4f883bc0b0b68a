/** The options every command takes, printed under each command's help. */
export const globalOptionsText = `Global options:
  --data-dir <dir>   Data directory (default: $ENCLAVE_DATA_DIR, else the app's own folder)
  --passphrase-file <file>
                     The database passphrase (default: $ENCLAVE_PASSPHRASE_FILE, else asked at a
                     terminal); never on the command line itself
  --recovery-key-file <file>
                     Open the data with its recovery key instead
  --debug            Print stack traces for errors
  -h, --help         Show help
  --version          Print the version`;

import * as Dialog from '@radix-ui/react-dialog';
import { commandKeyLabel } from '../lib/shortcuts.js';

const shortcuts: Array<{ keys: string[]; what: string }> = [
  { keys: [commandKeyLabel, 'N'], what: 'Start a new chat' },
  { keys: [commandKeyLabel, 'K'], what: `Search every chat (${commandKeyLabel}+F too)` },
  { keys: ['Enter'], what: 'Send the message' },
  { keys: ['Shift', 'Enter'], what: 'New line in the message' },
  { keys: ['Esc'], what: 'Stop the reply being written; cancel an edit' },
  { keys: [commandKeyLabel, 'Shift', 'Enter'], what: 'Write the last reply again (a new version)' },
  { keys: ['Home'], what: 'First message of the chat (in the message list)' },
  { keys: ['End'], what: 'Newest message of the chat (in the message list)' },
  { keys: ['?'], what: 'Show these keys' },
];

/** The keyboard shortcuts, opened with "?". */
export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog shortcuts-dialog">
          <Dialog.Title className="dialog-title">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="dialog-description">Every control is also reachable with Tab.</Dialog.Description>
          <table className="shortcuts-table">
            <caption className="visually-hidden">Keyboard shortcuts</caption>
            <tbody>
              {shortcuts.map((shortcut) => (
                <tr key={shortcut.what}>
                  <th scope="row">
                    {shortcut.keys.map((key, index) => (
                      <span key={key}>
                        {index > 0 && '+'}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </th>
                  <td>{shortcut.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

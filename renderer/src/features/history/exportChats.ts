import type { ChannelInput } from '@shared/contract.js';
import type { Result } from '@shared/errors.js';
import type { ChatExportFile } from '@shared/history.js';
import { enclave, settle } from '../../lib/api.js';
import { saveTextFile } from '../../lib/download.js';

/** Exports one chat or all of them and offers the file for saving; the export itself is core's (metadata included). */
export async function exportChatsToFile(input: ChannelInput<'chats.export'>): Promise<Result<ChatExportFile>> {
  const result = await settle(() => enclave().chats.exportChats(input));
  if (result.ok) saveTextFile(result.value.fileName, result.value.mimeType, result.value.content);
  return result;
}

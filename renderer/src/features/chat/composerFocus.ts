/**
 * A chat just started (the New chat button, Ctrl/Cmd+N, "Start a chat", a prompt tried from Get
 * started) opens with the cursor in its message box: writing is the only thing to do in it. Whoever
 * creates the chat asks for that, optionally with text to put in the box or to send at once; the
 * conversation takes the request when it opens that chat, and only that one, so opening an existing
 * chat from the list leaves the focus in the list.
 */
export interface ComposerOpening {
  /** Text the message box starts with. */
  draft: string;
  /** Send `draft` at once, as if the user had pressed Enter. */
  send: boolean;
}

let pending: { chatId: string; opening: ComposerOpening } | null = null;

/** Asks the conversation of `chatId`, when it opens, to focus its message box (and fill or send it). */
export function requestComposerFocus(chatId: string, opening: Partial<ComposerOpening> = {}): void {
  pending = { chatId, opening: { draft: opening.draft ?? '', send: opening.send ?? false } };
}

/** The request for `chatId`, left in place (for a render, which may run twice). */
export function peekComposerRequest(chatId: string): ComposerOpening | null {
  return pending?.chatId === chatId ? pending.opening : null;
}

/** The request for `chatId`, used up: a second opening of the chat does not repeat it. */
export function takeComposerFocusRequest(chatId: string): ComposerOpening | null {
  const opening = peekComposerRequest(chatId);
  if (opening) pending = null;
  return opening;
}

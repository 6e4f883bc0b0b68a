/** Prompts a new user can try with one click: short, useful at work, answerable by a small model. */
export const examplePrompts = [
  'Explain what a data processing agreement is, in plain words.',
  'Write a short, polite email asking to move a meeting to next week.',
  'Make a checklist for preparing a quarterly review.',
] as const;

/** What the message box holds after documents are chosen in step 3, for the user to send or change. */
export const documentQuestion = 'Summarise the main points of these documents, with the pages they come from.';

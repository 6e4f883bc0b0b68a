/**
 * Input limits shared by the contract (which enforces them) and the renderer (which shows them).
 * Kept free of zod so the renderer bundle does not pull the schema library in for two numbers.
 */

/** Large enough for any real prompt, small enough that a runaway paste cannot exhaust memory. */
export const maxPromptCharacters = 1_000_000;
export const maxTitleCharacters = 200;

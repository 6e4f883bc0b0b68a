/** Character tests on UTF-16 code units, for the hand-written scanners (faster than a regex per character). */
import type { DlpDetector } from '../../../shared/policy.js';

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

const nonAsciiWordCharacter = /[\p{L}\p{N}\p{M}]/u;

/** A letter, digit or underscore in any script: what "whole word" boundaries are made of. */
export function isWordCharacter(code: number): boolean {
  if (code < 128) return isDigit(code) || isAsciiLetter(code) || code === 95;
  return nonAsciiWordCharacter.test(String.fromCharCode(code));
}

/** Whether the character before `index` (if any) is a word character. */
export function wordCharacterBefore(text: string, index: number): boolean {
  return index > 0 && isWordCharacter(text.charCodeAt(index - 1));
}

/** Whether the character at `index` (if any) is a word character. */
export function wordCharacterAt(text: string, index: number): boolean {
  return index < text.length && isWordCharacter(text.charCodeAt(index));
}

/** Reports a finding's span. */
export type Emit = (detector: DlpDetector, start: number, end: number) => void;

/** Finds every match of one or more kinds in `text`, in any order (the scanner sorts and merges). */
export type Detect = (text: string, emit: Emit) => void;

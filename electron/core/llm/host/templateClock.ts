/**
 * The dates llama.cpp gives a chat template (common/chat.cpp): `date_string` ("03 Dec 2026", `%d %b %Y`;
 * Llama 3.1 writes it into its default system prompt) and `datetime` ("Dec 03 2026", `%b %d %Y`). Local
 * time, as llama.cpp's `std::localtime`; English month names, as the C locale it runs in.
 */
const monthAbbreviations = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** llama.cpp's `date_string` for `date`. */
export function templateDateString(date: Date): string {
  return `${dayOfMonth(date)} ${monthAbbreviation(date)} ${date.getFullYear()}`;
}

/** llama.cpp's `datetime` for `date`. */
export function templateDateTimeString(date: Date): string {
  return `${monthAbbreviation(date)} ${dayOfMonth(date)} ${date.getFullYear()}`;
}

function dayOfMonth(date: Date): string {
  return String(date.getDate()).padStart(2, '0');
}

function monthAbbreviation(date: Date): string {
  return monthAbbreviations[date.getMonth()] ?? '';
}

/** The Usage page's one money format and one date format: pure functions, unit-tested in Node. */
import { formatDate } from '../../lib/format.js';

/**
 * A sum of money, the one way every total, row and figure on the Usage page writes it: US dollars to
 * the cent ("$1,234.56"), "$0.00" for nothing, and "< $0.01" for a sum above nothing but under a cent,
 * which to the cent would read as free. Nobody is billed in fractions of a cent, so more digits
 * ("$0.000040") would be precision without use; the CSV export keeps the exact figure.
 */
export function formatCost(dollars: number): string {
  if (dollars > 0 && dollars < 0.01) return '< $0.01';
  return dollars.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * A price per million tokens: a rate, not a sum, so it keeps the decimals it was written with, up to
 * four ($0.075 is a real price; rounded to the cent it would be wrong by a third).
 */
export function formatPrice(dollars: number): string {
  return `$${dollars.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

/**
 * A report day ("2026-12-03", a local calendar day) the way the rest of the app writes a date
 * ("Dec 3, 2026" in US English): the chart's axis, its tooltip and the table all use this.
 */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (year === undefined || month === undefined || date === undefined) return day;
  return formatDate(new Date(year, month - 1, date).getTime());
}

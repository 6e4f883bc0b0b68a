import { randomUUID } from 'node:crypto';

/** Random ids: nothing about a chat (order, count, time) can be read from its id. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

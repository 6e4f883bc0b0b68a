/**
 * The one precedence rule for policy sources: objects are merged key by key, arrays and scalars are
 * replaced whole, and a later (higher) source wins. So `policy.d/20-network.json` with
 * `{"network": {"endpoints": [...]}}` replaces the list of `policy.json` and keeps its `network.mode`,
 * and nothing can add to a list another source set (a longer allowlist is always someone's decision).
 */
export function mergeLayers(values: readonly unknown[]): unknown {
  return values.reduce((merged, value) => mergeTwo(merged, value), undefined);
}

function mergeTwo(lower: unknown, higher: unknown): unknown {
  if (!isPlainObject(lower) || !isPlainObject(higher)) return higher === undefined ? lower : higher;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lower)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(higher)) setOwn(merged, key, mergeTwo(merged[key], value));
  return merged;
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Which layer decides the value at `path` in the merge: the highest that holds the longest part of
 * the path. A schema problem there is that layer's to fix; null when none holds any of it.
 */
export function layerDeciding(values: readonly unknown[], path: readonly PropertyKey[]): number | null {
  for (let length = path.length; length > 0; length--) {
    for (let index = values.length - 1; index >= 0; index--) {
      if (holds(values[index], path.slice(0, length))) return index;
    }
  }
  return null;
}

function holds(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return false;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return true;
}

/** An own property even for `__proto__`, which a JSON file may hold and plain assignment would turn into a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

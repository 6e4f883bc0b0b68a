/**
 * `values` without the fields set to `undefined`. A field that is there but undefined (a zod
 * `.optional()` output, an option not given) means "not given": dropped here, it cannot overwrite a
 * value when the result is spread over another object.
 */
export function withoutUndefined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** Fields to change in a `T`: one left out, or set to undefined, keeps its value (see `withoutUndefined`). */
export type Changes<T> = { [K in keyof T]?: T[K] | undefined };

import * as z from "zod";

/**
 * A zod schema for an array whose every element `isElement` accepts, checked by that one function
 * rather than by a zod schema per element. For the snapshot header's long lists (its files, its
 * reports, thousands each), read at every start: zod's element-by-element check of them ran cold,
 * 0.05–0.2 s of CPU per start at Timeline17's size, against a few milliseconds for a plain loop of
 * `typeof` tests that accepts exactly what the per-element schema accepted.
 */
export function arrayWhere<T>(isElement: (value: unknown) => value is T, what: string): z.ZodType<T[]> {
  return z.custom<T[]>((value) => Array.isArray(value) && value.every((element) => isElement(element)), {
    message: `expected an array of ${what}`,
  });
}

export const isString = (value: unknown): value is string => typeof value === "string";

export const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === "string";

/** An object with string-keyed properties to test one by one (a parsed JSON object). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

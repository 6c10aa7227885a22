import type { WorldState } from "./state.js";

/**
 * Resolves once `check` returns a value, re-checking on every world change,
 * REST request or gateway frame. On timeout the error carries `context()` so a
 * failing test shows what the emulator actually saw.
 */
export function waitUntil<T>(
  world: WorldState,
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
  context?: () => string,
): Promise<T> {
  const first = check();
  if (first) return Promise.resolve(first);
  return new Promise<T>((resolve, reject) => {
    const onEvent = (): void => {
      const value = check();
      if (value) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      const detail = context?.();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\nRecent:\n${detail}` : ""}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      world.events.off("change", onEvent);
      world.events.off("request", onEvent);
      world.events.off("gateway", onEvent);
    };
    world.events.on("change", onEvent);
    world.events.on("request", onEvent);
    world.events.on("gateway", onEvent);
  });
}

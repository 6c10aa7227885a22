import path from "node:path";

/** The project root, and the build the process-level tests run (made once per run by test/global-setup.ts). */
export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST = path.join(ROOT, "dist");

/** A built entry point: `distScript("src/cli/main.ts")` → dist/src/cli/main.js. */
export function distScript(source: string): string {
  return path.join(DIST, source.replace(/\.ts$/, ".js"));
}

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bundleCli, CLI_BUNDLE } from "../scripts/bundle-cli.js";
import { DIST, ROOT } from "./helpers/dist.js";

/**
 * One build for the whole run: process-level tests (the CLI, `npm start`) run the built output, as
 * users do, instead of starting tsx once per case. Skipped when the build is newer than every source
 * file, so a focused `vitest run test/x.test.ts` does not pay for it.
 */

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(path.join(DIST, ".tsbuildinfo")).mtimeMs;
  } catch {
    return 0;
  }
}

export default async function setup(): Promise<void> {
  const sources = ["src", "commands", "scripts"].map((dir) => newestSource(path.join(ROOT, dir)));
  const config = ["tsconfig.json", "tsconfig.build.json"].map((file) => statSync(path.join(ROOT, file)).mtimeMs);
  if (builtAt() > Math.max(...sources, ...config) && existsSync(path.join(ROOT, CLI_BUNDLE))) return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  // As `npm run build`: the CLI's process tests run its bundle.
  await bundleCli(ROOT);
  // tsc leaves its build info alone when nothing changed; the mark says "checked now".
  const now = new Date();
  utimesSync(path.join(DIST, ".tsbuildinfo"), now, now);
}

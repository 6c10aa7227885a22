import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
export const SEED_CORPUS = path.join(PROJECT_ROOT, "corpus");
// The benchmark corpora are folders of links into the shared dataset, outside the corpus folder,
// which the loader follows only when told to.
process.env.FOLLOW_EXTERNAL_LINKS ??= "true";

export const TIMELINE17_DIR = process.env.TIMELINE17_DIR ?? path.resolve(PROJECT_ROOT, "../shared/datasets/timeline17");

/**
 * All Timeline17 reports as one corpus: a temporary folder of links to each story's `reports/`
 * folder, so the dataset is read in place and never copied. The folder (its links, not what they
 * point to) is removed when the process exits.
 */
export function timeline17Corpus(): string | null {
  if (!existsSync(TIMELINE17_DIR)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-t17-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const story of readdirSync(TIMELINE17_DIR)) {
    const reports = path.join(TIMELINE17_DIR, story, "reports");
    if (existsSync(reports)) symlinkSync(reports, path.join(dir, story));
  }
  return dir;
}

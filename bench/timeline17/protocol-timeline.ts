import path from "node:path";
import { runTimelineCommand } from "../../src/cli/timeline.js";
import type { Timeline } from "../../src/timeline/types.js";
import type { Timeline17Folder } from "./dataset.js";

/** A folder's reports and the reference's span: the protocol's input, for the diagnostics. */
export function protocolInput(folder: Timeline17Folder): { corpusDir: string; since: string; until: string } {
  return {
    corpusDir: path.join(folder.dir, "reports"),
    since: folder.reference[0]?.date ?? "",
    until: folder.reference[folder.reference.length - 1]?.date ?? "",
  };
}

/** The CLI's protocol timeline of a folder (as many days as the reference, days only, its span). */
export function protocolTimeline(folder: Timeline17Folder, dataDir: string, perDate: number): Promise<Timeline> {
  const { corpusDir, since, until } = protocolInput(folder);
  return runTimelineCommand({
    corpusDir,
    dataDir,
    topic: null,
    since,
    until,
    dates: folder.reference.length,
    perDate,
    granularity: "day",
  });
}

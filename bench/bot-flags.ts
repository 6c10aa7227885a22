/**
 * The benchmarks that measure the bot's event loop run node as the bot runs (src/bot/node-flags.ts):
 * a bench started without those flags runs itself again with them.
 */
import { spawnSync } from "node:child_process";
import { BOT_NODE_FLAGS, missingBotFlags } from "../src/bot/node-flags.js";

export { BOT_NODE_FLAGS };

/** Returns when this process has the bot's flags; otherwise runs this script again with them and exits with its status. */
export function runAsTheBotRuns(): void {
  const missing = missingBotFlags();
  if (missing.length === 0) return;
  const again = spawnSync(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(again.status ?? 1);
}

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_NODE_FLAGS, missingBotFlags } from "../src/bot/node-flags.js";

const ROOT = path.join(import.meta.dirname, "..");
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("the bot's node flags (src/bot/node-flags.ts)", () => {
  it("are flags this node accepts", () => {
    expect(() => execFileSync(process.execPath, [...BOT_NODE_FLAGS, "-e", "0"], { stdio: "pipe" })).not.toThrow();
  });

  it.each(["start", "start:sharded"])("are in `npm run %s`", (script) => {
    for (const flag of BOT_NODE_FLAGS) expect(scripts[script]).toContain(` ${flag} `);
  });

  it("are in every service command the README gives", () => {
    const commands = readme.split("\n").filter((line) => /^node .*dist\/src\/bot\/main\.js$/.test(line));
    const docker = readme.match(/CMD \[[^\]]*"dist\/src\/bot\/main\.js"\]/g) ?? [];
    expect(commands.length).toBeGreaterThan(0);
    expect(docker.length).toBeGreaterThan(0);
    for (const flag of BOT_NODE_FLAGS) {
      for (const command of commands) expect(command).toContain(` ${flag} `);
      for (const cmd of docker) expect(cmd).toContain(`"${flag}"`);
    }
  });

  it("are reported when the process lacks them", () => {
    expect(missingBotFlags([])).toEqual([...BOT_NODE_FLAGS]);
    expect(missingBotFlags(["--enable-source-maps", ...BOT_NODE_FLAGS])).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_NODE_FLAGS } from "../src/ops/v8-settings.js";
import { ROOT } from "./helpers/dist.js";

/** Each place that starts the bot as a service, with the flags node is given there. */
function serviceCommands(): { where: string; flags: string }[] {
  const scripts = (
    JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  const fromScripts = ["start", "start:sharded"].map((name) => {
    const script = scripts[name] ?? "";
    return { where: `package.json "${name}"`, flags: /\bnode\b(.*?)dist\//.exec(script)?.[1] ?? "(no node command)" };
  });
  // The README's commands, a line break or a JSON array's quotes and commas read as spaces.
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").replace(/[\s",]+/g, " ");
  const fromReadme = [...readme.matchAll(/\bnode ((?:--\S+ )*)dist\/src\/bot\/main\.js/g)].map((match, i) => ({
    where: `README's service command ${i + 1}`,
    flags: match[1] ?? "",
  }));
  return [...fromScripts, ...fromReadme];
}

describe("the service's node flags (SERVICE_NODE_FLAGS)", () => {
  it("are on every command the README and package.json start the bot with", () => {
    const commands = serviceCommands();
    // The code block, systemd's ExecStart and the Dockerfile's CMD.
    expect(commands.filter((c) => c.where.startsWith("README")).length).toBeGreaterThanOrEqual(3);
    for (const { where, flags } of commands) {
      for (const flag of SERVICE_NODE_FLAGS) expect(flags.split(" "), `${where} lacks ${flag}`).toContain(flag);
    }
  });
});

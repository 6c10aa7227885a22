import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_NODE_FLAGS } from "../../src/ops/v8-settings.js";
import { distScript, ROOT } from "../helpers/dist.js";
import { DiscordEmulator } from "../support/discord-emulator/index.js";
import { TOKEN } from "../support/processes.js";

/** `npm start` as a real process: configuration, signals and exit codes. */

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** The built entry point `script` in a real process, or (`viaNpm`) `npm start` as a service manager runs it. */
function startMain(env: Record<string, string>, script = "src/bot/main.ts", viaNpm = false): Run {
  const [command, args] = viaNpm
    ? ["npm", ["start", "--silent"]]
    : [process.execPath, [...SERVICE_NODE_FLAGS, distScript(script)]];
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group, so a failed test can kill npm and the bot under it (killGroup).
    detached: true,
    // Only what we pass: a developer's own DISCORD_TOKEN must not leak into the test.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** SIGKILL to the run's whole process group: under npm, the bot too, so it cannot outlive a failed test. */
function killGroup(run: Run): void {
  if (run.child.exitCode !== null || run.child.signalCode !== null || run.child.pid === undefined) return;
  try {
    process.kill(-run.child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

describe("npm start (dist/src/bot/main.js) and npm run deploy-commands", () => {
  let emu: DiscordEmulator;
  const dataDirs: string[] = [];
  /** A DATA_DIR per test: a process a failed test left behind cannot hold the next test's lock. */
  const freshDataDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), "sitrep-main-"));
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ token: TOKEN, heartbeatIntervalMs: 1_000 });
  });

  afterAll(async () => {
    await emu?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("deploy-commands registers globally, and needs the client id", async () => {
    const missing = startMain({ DISCORD_TOKEN: TOKEN, DATA_DIR: freshDataDir() }, "src/bot/deploy-commands.ts");
    expect(await missing.exit).toBe(1);
    expect(missing.stderr()).toContain("DISCORD_CLIENT_ID: required to run this, but not set");
    const deploy = startMain(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_CLIENT_ID: emu.applicationId,
        DISCORD_API_BASE_URL: emu.restBase,
        LOG_LEVEL: "silent",
      },
      "src/bot/deploy-commands.ts",
    );
    expect(await deploy.exit).toBe(0);
    expect(deploy.stdout()).toBe("Registered /ask, /digest, /help, /reports, /timeline (global).\n");
    expect(
      emu
        .commands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(["ask", "digest", "help", "reports", "timeline"]);
  });

  it("exits 1 with a readable message and no stack when the token is missing", async () => {
    const run = startMain({ DISCORD_TOKEN: "", DATA_DIR: freshDataDir() });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain("DISCORD_TOKEN: required to run this, but not set");
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it("under npm start: connects, registers, answers, and a SIGTERM to npm closes the gateway and exits 0", async () => {
    const guild = emu.addGuild({ name: "Newsroom" });
    const channel = emu.addTextChannel(guild.id, { name: "general" });
    const run = startMain(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_CLIENT_ID: emu.applicationId,
        DISCORD_GUILD_ID: guild.id,
        REGISTER_COMMANDS_ON_START: "true",
        DISCORD_API_BASE_URL: emu.restBase,
        CORPUS_DIR: "corpus",
        DATA_DIR: freshDataDir(),
        LOG_LEVEL: "debug",
      },
      "src/bot/main.ts",
      true,
    );
    try {
      // npm, then the bot's start and the corpus: slow when the machine is busy.
      await emu.waitForRequest((r) => r.method === "PUT" && r.path.includes(`/guilds/${guild.id}/commands`), 40_000);
      expect(
        emu
          .commands(guild.id)
          .map((c) => c.name)
          .sort(),
      ).toEqual(["ask", "digest", "help", "reports", "timeline"]);
      const handle = emu.injectCommand({
        name: "ask",
        channelId: channel.id,
        options: { question: "How many militants are left in Mosul?" },
      });
      await handle.waitForAck(3_000);
      // To npm itself, as Docker and systemd send it: the bot must get it too, not be orphaned.
      run.child.kill("SIGTERM");
      // Seen once as null (npm ended by the signal, so the bot was too): say why if it recurs.
      const code = await run.exit;
      expect(code, `npm ended by ${String(run.child.signalCode)}; its output:\n${run.stdout()}${run.stderr()}`).toBe(0);
      expect(handle.responses().map((e) => e.kind)).toEqual(["callback", "edit_original"]);
      expect(emu.connectedSessionCount).toBe(0);
      const output = run.stdout() + run.stderr();
      expect(output).toContain('"msg":"stopped"');
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain(TOKEN.split(".")[2]);
    } finally {
      killGroup(run);
    }
  }, 60_000);

  it("refuses a second process on the same DATA_DIR (SQLite) with the first one's PID, before and after its corpus opens, until it stops", async () => {
    const data = freshDataDir();
    const env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE_URL: emu.restBase,
      CORPUS_DIR: "corpus",
      DATA_DIR: data,
      LOG_LEVEL: "info",
    };
    const first = startMain(env);
    try {
      // The lock is taken first thing after the configuration, before the corpus opens.
      const lock = path.join(data, "sitrep.lock");
      const holder = () => (existsSync(lock) ? readFileSync(lock, "utf8") : "");
      for (let i = 0; i < 1200 && !holder().includes(`"pid":${first.child.pid}`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(holder()).toContain(`"pid":${first.child.pid}`);
      const second = startMain(env);
      expect(await second.exit).toBe(1);
      expect(second.stderr()).toContain(`is in use by another Sitrep process (PID ${first.child.pid}`);
      expect(second.stderr()).toContain("use PostgreSQL (DATABASE_URL)");
      // And still once the first has opened its corpus and serves.
      for (let i = 0; i < 2400 && !first.stdout().includes('"msg":"corpus opened"'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(first.stdout()).toContain('"msg":"corpus opened"');
      const third = startMain(env);
      expect(await third.exit).toBe(1);
      expect(third.stderr()).toContain(`is in use by another Sitrep process (PID ${first.child.pid}`);
      expect(first.child.exitCode).toBeNull();
      first.child.kill("SIGTERM");
      expect(await first.exit).toBe(0);
      expect(existsSync(lock)).toBe(false);
    } finally {
      killGroup(first);
    }
  }, 60_000);
});

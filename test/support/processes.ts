import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { DIST, ROOT } from "../helpers/dist.js";

/**
 * Real Sitrep processes for the scale tests: the built program (`node dist/...`, as production runs
 * it), built once for the whole run by test/global-setup.ts.
 */

/** Shaped like a real token, so the config schema accepts it. */
export const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789";

export interface Run {
  child: ChildProcess;
  output: () => string;
  /** JSON log lines (pino) printed so far. */
  logs: () => Array<Record<string, unknown>>;
  exit: Promise<number | null>;
}

/** Starts `node dist/<script>` with only the environment given (plus PATH and HOME). */
export function startBuilt(script: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [path.join(DIST, script)], {
    cwd: ROOT,
    // Only what we pass: a developer's own DISCORD_TOKEN or SHARD_COUNT must not leak in.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  const logs = () =>
    out
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, output: () => out, logs, exit };
}

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  try {
    await Promise.race([once(server, "listening"), once(server, "error").then(() => Promise.reject(new Error()))]);
  } catch {
    return false;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return true;
}

/** A port P with P .. P + count - 1 free on 127.0.0.1 (for METRICS_PORT + shard id). */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/** Kills what is still running (SIGKILL), for afterAll. */
export function killAll(runs: Iterable<Run>): void {
  for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
}

/** Polls `check` until it holds (outside a test, where expect.poll cannot run). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

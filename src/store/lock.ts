import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { isProcessAlive } from "../process-alive.js";
import { DataDirLockedError, StoreError } from "./errors.js";

/**
 * One process per SQLite database: a lock file beside it holding the owner's PID and host. SQLite
 * itself would let a second process in, and then both would answer every mention and run every
 * digest. A lock left by a process that died (its PID is gone) is taken over; one from another host
 * cannot be checked from here, so it is refused with the way out.
 */

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface FileLock {
  readonly file: string;
  release(): void;
}

export function acquireLock(file: string, what: string): FileLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    const mine: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    try {
      const fd = openSync(file, "wx");
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
      } finally {
        closeSync(fd);
      }
      return { file, release: () => releaseIfMine(file) };
    } catch (error) {
      if (!isCode(error, "EEXIST")) {
        throw new StoreError(`Could not create the lock file ${file}: ${messageOf(error)}`, { cause: error });
      }
    }
    const text = readText(file);
    if (text === null) continue; // Removed meanwhile: try again.
    const owner = parseOwner(text);
    if (owner && owner.host !== hostname()) {
      throw new DataDirLockedError(
        `${what} is in use by Sitrep on host ${owner.host} (PID ${owner.pid}, since ${owner.startedAt}), per ${file}. ` +
          `Stop that process first; if it is gone, delete the lock file. To run several processes, use PostgreSQL (DATABASE_URL).`,
      );
    }
    if (owner && isProcessAlive(owner.pid)) {
      throw new DataDirLockedError(
        `${what} is in use by another Sitrep process (PID ${owner.pid}, since ${owner.startedAt}), per ${file}. ` +
          `Stop it first, or give this one another DATA_DIR. To run several processes, use PostgreSQL (DATABASE_URL).`,
      );
    }
    // Stale (its process died) or unreadable: take it over, unless someone else just did.
    if (readText(file) === text) removeQuietly(file);
  }
  throw new DataDirLockedError(`Could not take the lock ${file}: other processes keep taking it.`);
}

function releaseIfMine(file: string): void {
  const owner = parseOwner(readText(file) ?? "");
  if (owner?.pid === process.pid && owner.host === hostname()) removeQuietly(file);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const { pid, host, startedAt } = value as Record<string, unknown>;
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0 || typeof host !== "string") return null;
    return { pid, host, startedAt: typeof startedAt === "string" ? startedAt : "an unknown time" };
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (!isCode(error, "ENOENT")) throw error;
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

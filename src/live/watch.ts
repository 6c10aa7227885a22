// src/live: the live corpus: the folder watcher, reloads, and one indexer with many readers.
import { createHash } from "node:crypto";
import type { Dirent, Stats } from "node:fs";
import { type FSWatcher, statSync, watch } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { fileSignature } from "../corpus/load.js";
import type { Corpus, Rejection } from "../corpus/types.js";
import { createLogger, type Logger } from "../logger.js";
import { reopenCorpus } from "../reload.js";
import { type OpenedCorpus, openCorpus, saveSnapshot, snapshotPathFor } from "../sitrep.js";
import { drain, runSliced, type Slicer, TimeSlicer } from "../time-slice.js";

/**
 * The live corpus: keeps the served corpus in step with the corpus folder while Sitrep runs. It is a
 * service of its own, started by the front end whether or not digests run; digests (and anything
 * else that cares about new reports) subscribe with `onReload`.
 *
 * Noticing changes: one non-recursive fs.watch per folder (linked folders included) plus a cheap
 * stat scan every `pollMs` as the safety net. Node 20's `recursive: true` on Linux is emulated in
 * JavaScript with one watcher per file and synchronous stats, does not follow linked folders, and
 * hits inotify limits on large corpora; network and container file systems may send no events at
 * all. Events only schedule a debounced scan; a reload happens when the scan's signature (path,
 * size, mtime, ctime, inode of every file) differs from the one last loaded.
 *
 * Reloading: `open()` (reopenCorpus) makes the new corpus from the served one at the cost of what
 * changed, in time slices, while questions keep using the old one; then the corpus is swapped
 * (`live.replace`), the snapshot is saved (`afterSwap`, in slices), and only then are the listeners
 * called, so a subscriber (the digest store recording first sightings, another process reading the
 * snapshot) never learns of a report before it can be served. A file that cannot be read as a report is a rejection in the
 * new corpus (logged with its reason), never a failed reload; a reload that fails outright (folder
 * gone) keeps the previous corpus.
 */

export interface CorpusDiff {
  /** Report ids not in the previous corpus. */
  added: string[];
  /** Same id, different content. */
  changed: string[];
  /** Report ids no longer in the corpus. */
  removed: string[];
  /** Rejections that were not there before (a bad file dropped in). */
  rejected: Rejection[];
}

export interface ReloadEvent {
  opened: OpenedCorpus;
  previous: OpenedCorpus;
  diff: CorpusDiff;
  /** When the swap happened (epoch ms). */
  at: number;
  /** How long building the new corpus took. */
  ms: number;
}

/** What a subscriber to the live corpus sees: each swap, with what changed. */
export interface CorpusUpdates {
  /** Called synchronously right after each swap. Returns an unsubscribe function. */
  onReload(listener: (event: ReloadEvent) => void): () => void;
}

/** The live corpus as a running service: subscribe to its reloads, stop it at shutdown. */
export interface LiveCorpusService extends CorpusUpdates {
  stop(): Promise<void>;
}

/** How often and how eagerly the folder is checked. */
export type WatchTuning = Pick<WatchOptions, "debounceMs" | "pollMs" | "events">;

export interface WatchOptions {
  /** The holder of the served corpus: a LiveCorpus. */
  live: { readonly current: OpenedCorpus; replace(opened: OpenedCorpus): void };
  dir: string;
  /**
   * The corpus as the folder holds it now, made from the one served (`reopenCorpus`); returns
   * `previous` itself when nothing changed. A forced reload passes null: open from scratch.
   */
  open: (previous: OpenedCorpus | null, scanned: ReadonlyMap<string, string>) => Promise<OpenedCorpus>;
  /**
   * Runs after each swap, before the listeners hear of it (the snapshot is saved here, so a
   * process told of the new corpus can read it). The next reload waits for it.
   */
  afterSwap?: (opened: OpenedCorpus) => Promise<void>;
  logger?: Logger;
  /** Quiet time after the last change before scanning. Default 500 ms. */
  debounceMs?: number;
  /** Stat scan interval, the safety net for missed events. Default 10 s; 0 turns it off. */
  pollMs?: number;
  /** Use fs.watch events (default true); false relies on the poll alone. */
  events?: boolean;
  now?: () => number;
}

export function diffCorpora(previous: Corpus, next: Corpus): CorpusDiff {
  return drain(diffSteps(previous, next));
}

/**
 * diffCorpora a step per thousand reports: at 20k reports the diff in one step held the event loop
 * for tens of milliseconds after every reload.
 */
function* diffSteps(previous: Corpus, next: Corpus): Generator<void, CorpusDiff> {
  // One map, emptied as the new reports are met: what is left was removed.
  const before = new Map<string, string>();
  for (const [i, report] of previous.reports.entries()) {
    before.set(report.id, report.contentHash);
    if (i % 1024 === 1023) yield;
  }
  const added: string[] = [];
  const changed: string[] = [];
  for (const [i, { id, contentHash }] of next.reports.entries()) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else {
      if (old !== contentHash) changed.push(id);
      before.delete(id);
    }
    if (i % 1024 === 1023) yield;
  }
  const removed = [...before.keys()];
  const known = new Set(previous.rejected.map((r) => `${r.file}\0${r.reason}`));
  const rejected = next.rejected.filter((r) => !known.has(`${r.file}\0${r.reason}`));
  return { added, changed, removed, rejected };
}

interface Scan {
  signature: string;
  folders: string[];
  /** Each regular file's stat signature, by its path as walked: the reload reads with them instead of stat'ing again. */
  files: Map<string, string>;
}

/**
 * Every file's identity and every folder to watch, walked as the loader walks (no hidden entries,
 * links once). Each folder's entries are hashed in name order as they are walked: sorting and
 * joining every entry of a 20k-file corpus at the end was one block of tens of milliseconds.
 * Files are stat'ed synchronously, giving way through `slicer`: one awaited asynchronous stat per
 * file (a trip through libuv's thread pool and back) took 1 s over 20k files on an idle machine and
 * 4 s under load, all of it before a reload could start, where synchronous stats take 0.15–0.7 s.
 */
function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    // Gone since the folder was listed, or a link that leads nowhere (ENOENT, ELOOP, EACCES).
    return null;
  }
}

async function scan(root: string, slicer: Slicer): Promise<Scan> {
  const hash = createHash("sha256");
  const folders: string[] = [];
  const files = new Map<string, string>();
  const visited = new Set<string>();
  async function walk(dir: string): Promise<void> {
    let real: string;
    let children: Dirent[];
    try {
      real = await realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      children = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      hash.update(`${dir}\0unreadable\0${(error as { code?: string }).code ?? ""}\n`);
      return;
    }
    folders.push(real);
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (child.name.startsWith(".")) continue;
      if (slicer.due()) await slicer.giveWay();
      const full = path.join(dir, child.name);
      const info = statOrNull(full);
      if (!info) {
        hash.update(`${full}\0dangling\n`);
      } else if (info.isDirectory()) {
        await walk(full);
      } else {
        hash.update(`${full}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}\n`);
        if (info.isFile()) files.set(full, fileSignature(info));
      }
    }
  }
  await walk(root);
  return { signature: hash.digest("hex"), folders, files };
}

export class CorpusWatcher implements LiveCorpusService {
  private readonly options: WatchOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly listeners = new Set<(event: ReloadEvent) => void>();
  private readonly watchers = new Map<string, FSWatcher>();
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private loadedSignature: string | null = null;
  private failedSignature: string | null = null;
  private running: Promise<ReloadEvent | null> | null = null;
  private again = false;
  private stopped = false;
  private eventsWork: boolean;
  private reloadCount = 0;

  private constructor(options: WatchOptions) {
    this.options = options;
    this.logger = options.logger ?? createLogger("silent");
    this.now = options.now ?? (() => Date.now());
    this.eventsWork = options.events ?? true;
  }

  /** Takes a first scan and starts watching. Call it after the initial openCorpus. */
  static async start(options: WatchOptions): Promise<CorpusWatcher> {
    const watcher = new CorpusWatcher(options);
    const first = await scan(path.resolve(options.dir), new TimeSlicer());
    watcher.syncWatchers(first.folders);
    // The corpus being served was read before this scan, maybe long before (a bot logs in between):
    // a file dropped in meanwhile would look already loaded. So the first pass checks the folder
    // against the files the served corpus was read from (by stat signature, then content hash; an
    // unchanged folder costs a stat per file and is not swapped) instead of trusting this scan.
    watcher.schedule(0);
    const pollMs = options.pollMs ?? 10_000;
    if (pollMs > 0) {
      watcher.poll = setInterval(() => watcher.schedule(0), pollMs);
      watcher.poll.unref();
    }
    return watcher;
  }

  /** Reloads so far. */
  get reloads(): number {
    return this.reloadCount;
  }

  /** Called after each reload with the new corpus and what changed. Returns an unsubscribe function. */
  onReload(listener: (event: ReloadEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Scans now and reloads if anything changed; resolves with the reload, or null. */
  check(): Promise<ReloadEvent | null> {
    return this.run(false);
  }

  /** Reloads now even if the scan sees no change (an admin command, or after changing the alias file's meaning). */
  reload(): Promise<ReloadEvent | null> {
    return this.run(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearInterval(this.poll);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running?.catch(() => null);
  }

  private schedule(delay = this.options.debounceMs ?? 500): void {
    if (this.stopped) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.check().catch((error: unknown) => this.logger.error({ err: error }, "corpus check failed"));
    }, delay);
    this.debounce.unref();
  }

  private run(force: boolean): Promise<ReloadEvent | null> {
    if (this.running) {
      // A change during a reload: one more pass once this one ends.
      this.again = true;
      return this.running;
    }
    const pass = async (): Promise<ReloadEvent | null> => {
      let result = await this.pass(force);
      while (this.again && !this.stopped) {
        this.again = false;
        result = (await this.pass(false)) ?? result;
      }
      return result;
    };
    this.running = pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(force: boolean): Promise<ReloadEvent | null> {
    if (this.stopped) return null;
    const root = path.resolve(this.options.dir);
    let current: Scan;
    try {
      current = await scan(root, new TimeSlicer());
    } catch (error) {
      this.logger.warn({ err: error }, "corpus scan failed");
      return null;
    }
    this.syncWatchers(current.folders);
    if (!force && (current.signature === this.loadedSignature || current.signature === this.failedSignature)) {
      return null;
    }
    const started = performance.now();
    const previous = this.options.live.current;
    let opened: OpenedCorpus;
    try {
      opened = await this.options.open(force ? null : previous, current.files);
    } catch (error) {
      // Remember the state that failed so the poll does not rebuild (and log) it every few seconds.
      this.failedSignature = current.signature;
      this.logger.error(
        { err: error, dir: this.options.dir },
        "corpus reload failed; still serving the previous corpus",
      );
      return null;
    }
    if (this.stopped) return null;
    const ms = performance.now() - started;
    this.loadedSignature = current.signature;
    this.failedSignature = null;
    if (opened === previous) return null;
    const diff = await runSliced(diffSteps(previous.corpus, opened.corpus), new TimeSlicer());
    if (this.stopped) return null;
    // The hash covers reports only; a new rejection must still reach /reports.
    const sameRejections =
      diff.rejected.length === 0 && previous.corpus.rejected.length === opened.corpus.rejected.length;
    if (!force && opened.corpus.hash === previous.corpus.hash && sameRejections) return null;
    this.options.live.replace(opened);
    const at = this.now();
    await this.options.afterSwap?.(opened);
    this.reloadCount++;
    for (const rejection of diff.rejected) {
      this.logger.warn({ file: rejection.file, reason: rejection.reason }, "corpus file rejected");
    }
    this.logger.info(
      {
        reports: opened.corpus.reports.length,
        rejected: opened.corpus.rejected.length,
        added: diff.added.length,
        changed: diff.changed.length,
        removed: diff.removed.length,
        ms: Math.round(ms),
      },
      "corpus reloaded",
    );
    const event: ReloadEvent = { opened, previous, diff, at, ms };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error }, "corpus reload listener failed");
      }
    }
    return event;
  }

  private syncWatchers(folders: string[]): void {
    if (!this.eventsWork || this.stopped) return;
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: false }, () => this.schedule());
        watcher.on("error", () => {
          // A watched folder removed, or the watch lost: the next scan sets watches up again.
          watcher.close();
          this.watchers.delete(folder);
          this.schedule();
        });
        this.watchers.set(folder, watcher);
      } catch (error) {
        // ENOSPC (inotify limit) or a file system without events: the poll carries on alone.
        this.eventsWork = false;
        for (const w of this.watchers.values()) w.close();
        this.watchers.clear();
        this.logger.warn({ err: error, folder }, "cannot watch the corpus folder; relying on periodic scans");
        return;
      }
    }
  }
}

export function watchCorpus(options: WatchOptions): Promise<CorpusWatcher> {
  return CorpusWatcher.start(options);
}

export interface LiveCorpusOptions extends WatchTuning {
  live: WatchOptions["live"];
  corpusDir: string;
  /** Where the index snapshot is kept (null: never). */
  dataDir: string | null;
  maxReportBytes?: number;
  logger?: Logger;
}

/** The live corpus of one folder in one process: the watcher, reloading with openCorpus. */
export function watchCorpusFolder(options: LiveCorpusOptions): Promise<CorpusWatcher> {
  const { corpusDir, dataDir, maxReportBytes, ...rest } = options;
  return CorpusWatcher.start({
    ...rest,
    dir: corpusDir,
    open: (previous, scanned) => {
      const limits = maxReportBytes === undefined ? {} : { maxReportBytes };
      // The snapshot is saved after the swap (afterSwap), so the new corpus serves first.
      if (previous) return reopenCorpus(previous, { corpusDir, dataDir: null, scanned, ...limits }, new TimeSlicer());
      return openCorpus({ corpusDir, dataDir, ...limits });
    },
    afterSwap: async (opened) => {
      if (dataDir && !opened.fromSnapshot) {
        const logger = rest.logger ?? createLogger("silent");
        await saveSnapshot(snapshotPathFor(dataDir, corpusDir), opened, logger, new TimeSlicer());
      }
    },
  });
}

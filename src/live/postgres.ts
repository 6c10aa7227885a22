import pg from "pg";
import { createLogger, type Logger } from "../logger.js";
import type { CorpusCoordinator } from "./shared.js";

/**
 * The corpus coordinator on PostgreSQL: a session advisory lock names the indexing process (it goes
 * with the session, so a killed indexer frees it at once), and NOTIFY on `sitrep_corpus` announces
 * each new corpus hash to every LISTENing process. One dedicated connection per process, outside
 * the store's pool, because both the lock and LISTEN belong to a session.
 */

const CHANNEL = "sitrep_corpus";
const TIMEOUT_MS = 10_000;

export interface PostgresCoordinatorOptions {
  url: string;
  /** Which corpus: corpusFolderKey(CORPUS_DIR). Processes serving other folders do not interfere. */
  corpusKey: string;
  logger?: Logger;
}

type Signal = { hash: string | null; lost: boolean };

export class PostgresCorpusCoordinator implements CorpusCoordinator {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<(signal: Signal) => void>();
  private readonly logger: Logger;
  private leading = false;
  private closed = false;
  private reconnecting: Promise<void> | null = null;

  private constructor(private readonly options: PostgresCoordinatorOptions) {
    this.logger = options.logger ?? createLogger("silent");
  }

  static async connect(options: PostgresCoordinatorOptions): Promise<PostgresCorpusCoordinator> {
    const coordinator = new PostgresCorpusCoordinator(options);
    coordinator.client = await coordinator.open();
    return coordinator;
  }

  async tryLead(): Promise<boolean> {
    if (this.leading) return true;
    const client = this.client;
    if (!client) return false;
    const result = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [`sitrep-corpus:${this.options.corpusKey}`],
    );
    this.leading = result.rows[0]?.locked === true;
    return this.leading;
  }

  async announce(hash: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error("not connected to PostgreSQL; the announcement is retried with the next reload");
    await client.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify({ key: this.options.corpusKey, hash })]);
  }

  subscribe(listener: (signal: Signal) => void): Promise<void> {
    this.listeners.add(listener);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    // Ending the session releases the advisory lock too.
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: TIMEOUT_MS,
      query_timeout: TIMEOUT_MS,
      keepAlive: true,
      application_name: "sitrep-corpus",
    });
    client.on("notification", (message) => this.onNotification(message.payload));
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "corpus coordination connection failed; reconnecting");
      this.reconnect(client);
    });
    client.on("end", () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    return client;
  }

  private onNotification(payload: string | undefined): void {
    let message: { key?: unknown; hash?: unknown };
    try {
      message = JSON.parse(payload ?? "") as { key?: unknown; hash?: unknown };
    } catch {
      return;
    }
    if (message.key !== this.options.corpusKey || typeof message.hash !== "string") return;
    this.emit({ hash: message.hash, lost: false });
  }

  /** A dropped session lost the lock and LISTEN: connect again (backing off), then tell the listeners. */
  private reconnect(failed: pg.Client): void {
    if (this.closed || this.client !== failed || this.reconnecting) return;
    this.client = null;
    const lost = this.leading;
    this.leading = false;
    failed.end().catch(() => undefined);
    // At once: another process may take the lock any moment now, and two indexers must not overlap.
    if (lost) this.emit({ hash: null, lost: true });
    this.reconnecting = (async () => {
      for (let delay = 500; !this.closed; delay = Math.min(delay * 2, 30_000)) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          const client = await this.open();
          if (this.closed) {
            await client.end();
            return;
          }
          this.client = client;
          this.logger.info("corpus coordination reconnected");
          this.emit({ hash: null, lost: false });
          return;
        } catch (error) {
          this.logger.warn({ err: error, retryInMs: delay * 2 }, "corpus coordination cannot reconnect yet");
        }
      }
    })().finally(() => {
      this.reconnecting = null;
    });
  }

  private emit(signal: Signal): void {
    for (const listener of this.listeners) listener(signal);
  }
}

import type { SitrepDatabase } from "./database.js";

/**
 * Button states too long for a custom id, in the shared store: written when made, so a button keeps
 * working after a restart (even a crash) and on whichever process Discord sends the click to.
 */

export interface SavedButtonState {
  key: string;
  /** JSON. */
  value: string;
  at: number;
}

export class ButtonStateTable {
  constructor(private readonly database: SitrepDatabase) {}

  async put(state: SavedButtonState): Promise<void> {
    await this.database.db
      .insertInto("button_states")
      .values({ key: state.key, value: state.value, saved_at: state.at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: state.value, saved_at: state.at }))
      .execute();
  }

  async get(key: string): Promise<SavedButtonState | null> {
    const row = await this.database.db
      .selectFrom("button_states")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirst();
    return row ? { key: row.key, value: row.value, at: row.saved_at } : null;
  }

  /** The newest `limit` states saved after `since`, oldest first. */
  async recent(since: number, limit: number): Promise<SavedButtonState[]> {
    const rows = await this.database.db
      .selectFrom("button_states")
      .selectAll()
      .where("saved_at", ">", since)
      .orderBy("saved_at", "desc")
      .orderBy("key")
      .limit(limit)
      .execute();
    return rows.reverse().map((row) => ({ key: row.key, value: row.value, at: row.saved_at }));
  }

  /** Forgets states saved at or before `before` (expired). */
  async prune(before: number): Promise<number> {
    const result = await this.database.db
      .deleteFrom("button_states")
      .where("saved_at", "<=", before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

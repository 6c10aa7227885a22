/** The store could not be opened or used as asked; the message says why and what to do. */
export class StoreError extends Error {
  override name = "StoreError";
}

/** Another live process holds the SQLite database of this DATA_DIR. */
export class DataDirLockedError extends StoreError {
  override name = "DataDirLockedError";
}

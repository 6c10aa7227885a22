/**
 * The corpus's limits that configuration reads too, apart from the loader so that reading the
 * configuration (the deploy script, a sharded bot's manager) does not load the parser.
 */

/** The largest report file read, in bytes, unless MAX_REPORT_BYTES says otherwise. */
export const DEFAULT_MAX_REPORT_BYTES = 2 * 1024 * 1024;

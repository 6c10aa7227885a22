import { afterAll } from "vitest";

/**
 * The "shared" test files run one after another in the same worker, with their modules loaded once
 * (vitest.config.ts). A file that changes what later files see must run in a process of its own.
 * Vega-Lite is the known case: it adds Set.prototype.toJSON, and discord.js then fails to load.
 */
afterAll(() => {
  if (Object.hasOwn(Set.prototype, "toJSON")) {
    throw new Error(
      "This file loaded Vega-Lite into the test process (Set.prototype.toJSON is set): list it in OWN_PROCESS in vitest.config.ts.",
    );
  }
});

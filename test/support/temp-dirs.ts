import { afterAll } from "vitest";
import { removeFoldersMadeOutsideTests } from "../helpers/corpus.js";

/** A setup file, so it runs for every test file, also those sharing a worker's modules. */
afterAll(removeFoldersMadeOutsideTests);

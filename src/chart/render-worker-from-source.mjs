// The chart worker's entry when Sitrep runs from its TypeScript sources (tsx, vitest): tsx's loader
// does not reach worker threads (privatenumber/tsx#354), so the worker registers it itself.
import { register } from "tsx/esm/api";

register();
const worker = await import("./render-worker.ts");

export default worker.default;
export const warmUp = worker.warmUp;

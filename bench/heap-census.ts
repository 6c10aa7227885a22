/**
 * `node --expose-gc --max-old-space-size=8192 --import tsx bench/heap-census.ts [copies] [--mentions]`:
 * what a full collection has to mark once a corpus is served. Opens the reload bench's generated
 * corpus of `copies` × Timeline17 (default 7, about a million passages; run `bench/reload.ts` once
 * first) from its snapshot, warms it up as the bot does (`--mentions`: with the date mentions made,
 * as after the first timeline), writes a heap snapshot and prints the objects by kind and, for plain
 * objects, by their first property names: the census docs/measurements.md quotes.
 */
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { openCorpus, warmUpIndex } from "../src/sitrep.js";
import { NEVER_GIVE_WAY } from "../src/time-slice.js";
import { mentionsByPassage } from "../src/timeline/mentions.js";

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const copies = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 7);
process.env.FOLLOW_EXTERNAL_LINKS = "true";
const corpusDir = path.join(tmpdir(), `sitrep-reload-bench-${copies}`);
const opened = await openCorpus({ corpusDir, dataDir: `${corpusDir}-data` });
if (!opened.fromSnapshot) console.error("heap-census: no snapshot yet; the corpus was built now");
await warmUpIndex(opened.index);
if (process.argv.includes("--mentions")) await mentionsByPassage(opened.corpus, NEVER_GIVE_WAY);
(globalThis as { gc?: () => void }).gc?.();
const heapMb = process.memoryUsage().heapUsed / 1e6;
const file = v8.writeHeapSnapshot(path.join(tmpdir(), `sitrep-heap-census-${process.pid}.heapsnapshot`));
const snapshot = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
rmSync(file);

const { meta } = snapshot.snapshot;
const nodeFields = meta.node_fields.length;
const edgeFields = meta.edge_fields.length;
const [nodeTypes] = meta.node_types;
const [edgeTypes] = meta.edge_types;
const { nodes, edges, strings } = snapshot;
const byKind = new Map<string, { count: number; bytes: number }>();
const byShape = new Map<string, number>();
let edge = 0;
let total = 0;
for (let i = 0; i < nodes.length; i += nodeFields) {
  const type = nodeTypes[nodes[i] as number] ?? "?";
  const name = type === "object" ? (strings[nodes[i + 1] as number] ?? "") : "";
  const kind = name ? `${type} ${name.slice(0, 40)}` : type;
  const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
  entry.count++;
  entry.bytes += nodes[i + 3] as number;
  byKind.set(kind, entry);
  total++;
  const properties: string[] = [];
  for (let k = 0; k < (nodes[i + 4] as number); k++, edge += edgeFields) {
    if (edgeTypes[edges[edge] as number] === "property") properties.push(strings[edges[edge + 1] as number] ?? "");
  }
  if (kind === "object Object") {
    const shape = properties
      .filter((p) => p !== "__proto__" && p !== "map")
      .slice(0, 7)
      .join(", ");
    byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
  }
}
console.log(
  `${copies} × Timeline17: ${opened.corpus.passages.length} passage ids, heap ${heapMb.toFixed(0)} MB, ${total} heap objects`,
);
console.log("\nobjects by kind (the 15 most)");
for (const [kind, { count, bytes }] of [...byKind].sort((a, b) => b[1].count - a[1].count).slice(0, 15)) {
  console.log(`${String(count).padStart(9)}  ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${kind}`);
}
console.log("\nplain objects by their properties (non-number ones; the 10 most)");
for (const [shape, count] of [...byShape].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`${String(count).padStart(9)}  {${shape}}`);
}

/**
 * `npm run bench:load`: 10,000 digest subscriptions due in the same minute, delivered by 4 scheduler
 * processes sharing one PostgreSQL, each posting through a fast HTTP sink that counts every post by
 * its run key. Prints the time to post them all, duplicates (must be 0) and losses (must be 0).
 *
 *   npm run bench:load [-- --subscriptions N --processes P --concurrency C]
 *
 * PostgreSQL: DATABASE_URL if set (the bench works in a schema of its own there and never touches its public tables),
 * else a throwaway server from the machine's binaries, as the tests start one.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { DigestStore } from "../src/digest/store.js";
import { openCorpus } from "../src/sitrep.js";
import { startPostgres } from "../test/support/postgres.js";
import { PROJECT_ROOT } from "./corpora.js";

const { values } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "10000" },
    processes: { type: "string", default: "4" },
    concurrency: { type: "string", default: "8" },
  },
});
const subscriptions = Number(values.subscriptions);
const processes = Number(values.processes);
const concurrency = Number(values.concurrency);

const server = process.env.DATABASE_URL ? null : await startPostgres({ maxConnections: 300 });
const baseUrl = process.env.DATABASE_URL ?? server?.url ?? "";
// A schema of its own, so a given DATABASE_URL's public tables are never touched.
const schema = `bench_${randomBytes(4).toString("hex")}`;
const databaseUrl = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

try {
  // Seed: the subscriptions (made at 08:00), then the bundled corpus first seen at 08:30: new for all.
  const due = Date.parse("2025-06-02T09:00:00Z");
  const seeding = performance.now();
  const store = await DigestStore.open({ databaseUrl: baseUrl, pgSchema: schema });
  const values = Array.from({ length: subscriptions }, (_, i) => ({
    id: `s${i.toString(36)}`,
    guild_id: `g${i % 100}`,
    channel_id: `c${i}`,
    schedule: "daily 09:00",
    timezone: "UTC",
    topic: null,
    status: "active" as const,
    created_by: "bench",
    created_at: due - 3_600_000,
    covered_seq: 0,
    covered_until: due - 3_600_000,
    paused_reason: null,
    paused_at: null,
    last_run_at: null,
    last_post_at: null,
    twin_key: `c${i}`,
    created_order: i + 1,
  }));
  for (let i = 0; i < values.length; i += 1000) {
    await store.database.db
      .insertInto("subscriptions")
      .values(values.slice(i, i + 1000))
      .execute();
  }
  const corpus = await openCorpus({ corpusDir: path.join(PROJECT_ROOT, "corpus"), dataDir: null });
  await store.recordSeen(corpus.corpus.reports, due - 1_800_000);
  await store.close();
  process.stderr.write(`seeded ${subscriptions} subscriptions in ${Math.round(performance.now() - seeding)} ms\n`);

  // The sink: one "channel" log, counted by run key, answering findSent lookups.
  const posts = new Map<string, number>();
  let total = 0;
  let lastPostAt = 0;
  const sink = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://sink");
    if (request.method === "POST" && url.pathname === "/post") {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const { key } = JSON.parse(body) as { key: string };
        posts.set(key, (posts.get(key) ?? 0) + 1);
        total++;
        lastPostAt = performance.now();
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ messageIds: [`m${total}`] }));
      });
      return;
    }
    if (url.pathname === "/find") {
      const key = url.searchParams.get("key") ?? "";
      response.writeHead(posts.has(key) ? 200 : 404, { "content-type": "application/json" });
      response.end(posts.has(key) ? JSON.stringify({ messageIds: ["found"] }) : "null");
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const address = sink.address();
  const sinkUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const workers = Array.from({ length: processes }, () =>
    spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(PROJECT_ROOT, "bench/digest-load-worker.ts"),
        databaseUrl,
        sinkUrl,
        String(due + 5_000),
        String(concurrency),
      ],
      { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "inherit"] },
    ),
  );
  const lines = workers.map((worker) => {
    let out = "";
    worker.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const ready = new Promise<void>((resolve) => {
      const check = () => (out.includes("ready\n") ? resolve() : setTimeout(check, 20));
      check();
    });
    const done = new Promise<string>((resolve, reject) =>
      worker.on("exit", (code) =>
        code === 0 ? resolve(out.split("\n").filter(Boolean).pop() ?? "{}") : reject(new Error(`worker exit ${code}`)),
      ),
    );
    return { ready, done };
  });
  await Promise.all(lines.map((l) => l.ready));
  const started = performance.now();
  for (const worker of workers) worker.stdin.write("go\n");
  const results = (await Promise.all(lines.map((l) => l.done))).map(
    (line) => JSON.parse(line) as Record<string, number>,
  );
  const finished = performance.now();
  sink.close();

  const check = await DigestStore.open({ databaseUrl: baseUrl, pgSchema: schema });
  const delivered = await check.database.db
    .selectFrom("deliveries")
    .select(({ fn }) => fn.countAll<number>().as("n"))
    .where("status", "=", "delivered")
    .executeTakeFirst();
  await check.close();

  const duplicates = total - posts.size;
  const losses = subscriptions - posts.size;
  const seconds = (lastPostAt - started) / 1000;
  const rows = [
    ["subscriptions due", String(subscriptions)],
    ["scheduler processes", String(processes)],
    ["runs at once per process", String(concurrency)],
    ["time to post all (s)", seconds.toFixed(1)],
    ["posts per second", (posts.size / seconds).toFixed(0)],
    ["all processes done (s)", ((finished - started) / 1000).toFixed(1)],
    ["posts received", String(total)],
    ["duplicates (must be 0)", String(duplicates)],
    ["losses (must be 0)", String(losses)],
    ["delivered in the log", String(Number(delivered?.n ?? 0))],
    ["delivered per process", results.map((r) => r.delivered ?? 0).join(" / ")],
    ["CPU s per process", results.map((r) => ((r.cpuMs ?? 0) / 1000).toFixed(1)).join(" / ")],
  ];
  const width = Math.max(...rows.map(([k]) => (k ?? "").length));
  process.stdout.write(`${rows.map(([k, v]) => `${(k ?? "").padEnd(width)}  ${v}`).join("\n")}\n`);
  if (duplicates !== 0 || losses !== 0) process.exitCode = 1;
} finally {
  await server?.stop();
}

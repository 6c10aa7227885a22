import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.js";

/**
 * `GET /healthz` and `GET /metrics` on METRICS_HOST:METRICS_PORT (127.0.0.1 by default: metrics
 * name servers and shards, which is nobody else's business). Plain node:http: two read-only routes
 * do not need a framework.
 */

export interface Health {
  /** True when this process can answer: every shard it runs is connected and a corpus is served. */
  ok: boolean;
  [detail: string]: unknown;
}

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests); the bound port is `OpsServer.port`. */
  port: number;
  metrics: Metrics;
  health: () => Health;
}

export interface OpsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const route = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("Method not allowed\n");
      return;
    }
    if (route === "/healthz") {
      let health: Health;
      try {
        health = options.health();
      } catch (error) {
        health = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      res
        .writeHead(health.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
        .end(`${JSON.stringify({ status: health.ok ? "ok" : "unavailable", ...health })}\n`);
      return;
    }
    if (route === "/metrics") {
      options.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": options.metrics.registry.contentType }).end(text),
        (error: unknown) =>
          res
            .writeHead(500, { "content-type": "text/plain" })
            .end(`Metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found: try /healthz or /metrics\n");
  });
  // A scraper that stalls must not hold a socket forever.
  server.requestTimeout = 10_000;
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]: unknown[]) => {
      const code = (error as { code?: string }).code ?? "";
      throw new Error(
        `cannot serve /healthz and /metrics on ${options.host}:${options.port}: ${code || String(error)}${code === "EADDRINUSE" ? " (the port is taken; set METRICS_PORT to another one)" : ""}`,
      );
    }),
  ]);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

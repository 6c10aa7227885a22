import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { guildCreatePayload, userPayload } from "./payloads.js";
import type { WorldState } from "./state.js";
import type { JsonObject } from "./types.js";

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export interface GatewayLogEntry {
  at: number;
  direction: "in" | "out";
  op: number;
  t: string | null;
  s: number | null;
  sessionId: string | null;
  /** Payload data; tokens are redacted. */
  d: unknown;
}

/** What dispatch builders see about a session, to filter by intents. */
export interface SessionInfo {
  id: string;
  intents: number;
  /** [shard id, shard count] from IDENTIFY. */
  shard: [number, number];
}

/**
 * The shard Discord routes a server's events to: (guild_id >> 22) % shard_count. Events outside a
 * server (DMs) go to shard 0.
 */
export function shardOf(guildId: string | null, shardCount: number): number {
  if (guildId === null) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function onShard(session: SessionInfo, guildId: string | null): boolean {
  return shardOf(guildId, session.shard[1]) === session.shard[0];
}

interface Session extends SessionInfo {
  seq: number;
  /** Every dispatch ever sent on this session, so RESUME can replay what was missed. */
  buffer: Array<{ s: number; t: string; d: JsonObject }>;
  socket: WebSocket | null;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  query: URLSearchParams;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  allowedPrivilegedIntents: number;
  /** Resolved lazily because the port is only known after listen(). */
  url: () => string;
}

export class Gateway {
  readonly log: GatewayLogEntry[] = [];
  /** Socket closes as seen by the server (client- or server-initiated). */
  readonly closes: Array<{ at: number; code: number; sessionId: string | null }> = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly world: WorldState,
    private readonly options: GatewayOptions,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      this.onConnection(ws, query);
    });
  }

  /** Queries used by connected clients (e.g. to assert `encoding=json`, no `compress`). */
  connectionQueries(): URLSearchParams[] {
    return [...this.connections].map((c) => c.query);
  }

  get connectedSessionCount(): number {
    return [...this.connections].filter((c) => c.session !== null).length;
  }

  get openConnectionCount(): number {
    return this.connections.size;
  }

  /** Sessions that are connected or could still be resumed. */
  get liveSessionCount(): number {
    return this.sessions.size;
  }

  /** [shard id, shard count] of every connected session, in connection order. */
  connectedShards(): Array<[number, number]> {
    return [...this.connections].flatMap((c) => (c.session ? [c.session.shard] : []));
  }

  /**
   * Sends a dispatch to every live session on the shard of `guildId` (null: a DM, shard 0), or to
   * every session with `everyShard` (a duplicate delivery, for tests). The
   * builder may return null to skip a session (missing intent), mirroring Discord's per-session
   * filtering.
   */
  dispatch(
    t: string,
    guildId: string | null,
    build: (session: SessionInfo) => JsonObject | null,
    everyShard = false,
  ): void {
    for (const session of this.sessions.values()) {
      if (!everyShard && !onShard(session, guildId)) continue;
      const d = build(session);
      if (d) this.sendDispatch(session, t, d);
    }
  }

  /** op 7: discord.js closes with 4200 and resumes on resume_gateway_url. */
  forceReconnect(): void {
    for (const conn of this.connections) {
      if (conn.session) this.send(conn, { op: Op.Reconnect, d: null, s: null, t: null });
    }
  }

  /** op 9. Non-resumable invalidation forgets the session so a later RESUME fails too. */
  invalidateSession(resumable: boolean): void {
    for (const conn of this.connections) {
      const session = conn.session;
      if (!session) continue;
      this.send(conn, { op: Op.InvalidSession, d: resumable, s: null, t: null });
      if (!resumable) {
        this.sessions.delete(session.id);
        conn.session = null;
      }
    }
  }

  /** Drops every socket with a close code (e.g. 4000 → client resumes, 4004 → client gives up). */
  closeConnections(code: number, reason = ""): void {
    for (const conn of this.connections) conn.ws.close(code, reason);
  }

  async stop(): Promise<void> {
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, query: URLSearchParams): void {
    const conn: Connection = { ws, session: null, query };
    this.connections.add(conn);
    ws.on("message", (raw: Buffer, isBinary: boolean) => this.onMessage(conn, raw, isBinary));
    ws.on("close", (code: number) => this.onClose(conn, code));
    ws.on("error", () => undefined);
    if (query.get("v") !== null && query.get("v") !== "10") {
      ws.close(4012, "Invalid API version");
      return;
    }
    if (query.get("encoding") !== null && query.get("encoding") !== "json") {
      // Only JSON is emulated; discord.js without zlib-sync/erlpack never asks for more.
      ws.close(4002, "Decode error");
      return;
    }
    this.send(conn, { op: Op.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const session = conn.session;
    if (session && session.socket === conn.ws) {
      session.socket = null;
      // Discord invalidates a session when the client closes with 1000/1001;
      // any other code (discord.js uses 4200 before resuming) keeps it resumable.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    }
    this.closes.push({ at: Date.now(), code, sessionId: session?.id ?? null });
    this.world.events.emit("change");
  }

  private onMessage(conn: Connection, raw: Buffer, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error("binary frames are not supported");
      payload = JSON.parse(raw.toString("utf8")) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(4002, "Decode error");
      return;
    }
    const op = typeof payload.op === "number" ? payload.op : -1;
    this.record("in", op, null, null, conn.session?.id ?? null, redact(payload.d));
    switch (op) {
      case Op.Heartbeat:
        this.send(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.onIdentify(conn, (payload.d ?? {}) as JsonObject);
        return;
      case Op.Resume:
        this.onResume(conn, (payload.d ?? {}) as JsonObject);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!conn.session) conn.ws.close(4003, "Not authenticated");
        return;
      default:
        conn.ws.close(4001, "Unknown opcode");
    }
  }

  private tokenMatches(token: unknown): boolean {
    return typeof token === "string" && token.replace(/^Bot\s+/i, "") === this.options.token;
  }

  private onIdentify(conn: Connection, d: JsonObject): void {
    if (conn.session) {
      conn.ws.close(4005, "Already authenticated");
      return;
    }
    if (!this.tokenMatches(d.token)) {
      conn.ws.close(4004, "Authentication failed");
      return;
    }
    const intents = typeof d.intents === "number" ? d.intents : 0;
    if (intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) {
      conn.ws.close(4014, "Disallowed intent(s)");
      return;
    }
    const rawShard = Array.isArray(d.shard) ? d.shard : [0, 1];
    const shard: [number, number] = [Number(rawShard[0] ?? 0), Number(rawShard[1] ?? 1)];
    const [shardId, shardCount] = shard;
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0) {
      conn.ws.close(4010, "Invalid shard");
      return;
    }
    if (shardId >= shardCount) {
      conn.ws.close(4010, "Invalid shard");
      return;
    }
    const session: Session = {
      id: randomHex(32),
      intents,
      seq: 0,
      buffer: [],
      socket: conn.ws,
      shard,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    // Each shard is told only about its own servers.
    const guilds = [...this.world.guilds.values()].filter((g) => onShard(session, g.id));
    const allowed = this.options.allowedPrivilegedIntents;
    this.sendDispatch(session, "READY", {
      v: 10,
      user: { ...userPayload(this.world.botUser), verified: true, mfa_enabled: false, flags: 0, email: null },
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.options.url(),
      shard,
      application: {
        id: this.world.applicationId,
        flags:
          (allowed & Intent.MessageContent ? 1 << 18 : 0) |
          (allowed & Intent.GuildMembers ? 1 << 14 : 0) |
          (allowed & Intent.GuildPresences ? 1 << 12 : 0),
      },
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ["discord-emulator"],
    });
    if (intents & Intent.Guilds) {
      for (const guild of guilds) this.sendDispatch(session, "GUILD_CREATE", guildCreatePayload(this.world, guild));
    }
  }

  private onResume(conn: Connection, d: JsonObject): void {
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    if (!session || !this.tokenMatches(d.token)) {
      this.send(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.socket && session.socket !== conn.ws) session.socket.close(4009, "Session taken over");
    session.socket = conn.ws;
    conn.session = session;
    const from = typeof d.seq === "number" ? d.seq : 0;
    for (const entry of session.buffer) {
      if (entry.s > from) this.send(conn, { op: Op.Dispatch, d: entry.d, s: entry.s, t: entry.t });
    }
    this.sendDispatch(session, "RESUMED", { _trace: ["discord-emulator"] });
  }

  private sendDispatch(session: Session, t: string, d: JsonObject): void {
    session.seq += 1;
    const s = session.seq;
    if (t !== "RESUMED") session.buffer.push({ s, t, d });
    const conn = [...this.connections].find((c) => c.ws === session.socket);
    if (conn && conn.ws.readyState === WebSocket.OPEN) {
      this.send(conn, { op: Op.Dispatch, d, s, t });
    } else {
      // Not connected: the event waits in the buffer for a RESUME.
      this.record("out", Op.Dispatch, t, s, session.id, { buffered: true });
    }
  }

  private send(conn: Connection, payload: { op: number; d: unknown; s: number | null; t: string | null }): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    this.record("out", payload.op, payload.t, payload.s, conn.session?.id ?? null, payload.d);
    conn.ws.send(JSON.stringify(payload));
  }

  private record(
    direction: "in" | "out",
    op: number,
    t: string | null,
    s: number | null,
    sessionId: string | null,
    d: unknown,
  ): void {
    const entry: GatewayLogEntry = { at: Date.now(), direction, op, t, s, sessionId, d };
    this.log.push(entry);
    this.world.events.emit("gateway", entry);
  }
}

function redact(d: unknown): unknown {
  if (d && typeof d === "object" && !Array.isArray(d) && "token" in d) {
    return { ...(d as Record<string, unknown>), token: "[redacted]" };
  }
  return d;
}

function randomHex(length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

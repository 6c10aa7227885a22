import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WorldEvents } from "./events.js";
import { channelPayload, messagePayload, newMessage, userPayload } from "./payloads.js";
import { type InteractionRecord, Permission, type StoredCommand, type WorldState } from "./state.js";
import type {
  EmulatedChannel,
  EmulatedMessage,
  EmulatedUser,
  FailRule,
  HoldRule,
  Json,
  JsonObject,
  RecordedRequest,
  ResponseHold,
} from "./types.js";
import { type ApiError, validateAutocompleteChoices, validateMessageBody } from "./validation.js";

/** Which requests a rule applies to: the method (any if unset) and a path substring or pattern. */
function matchesRule(rule: HoldRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  return typeof rule.pathPattern === "string" ? path.includes(rule.pathPattern) : rule.pathPattern.test(path);
}

export interface RestOptions {
  token: string;
  gatewayUrl: () => string;
  recommendedShards: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  files: RecordedRequest["files"];
  authorized: boolean;
}

interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  auth: boolean;
  handle: (ctx: RequestContext, params: string[]) => Reply | Promise<Reply>;
}

const INTERACTION_TYPE = { command: 2, button: 3, autocomplete: 4 } as const;
const FLAG_EPHEMERAL = 64;
const FLAG_LOADING = 128;
const FLAG_SUPPRESS_EMBEDS = 4;

const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });
const unknownChannel = (): Reply => error(404, 10003, "Unknown Channel");
const unknownMessage = (): Reply => error(404, 10008, "Unknown Message");
const unknownInteraction = (): Reply => error(404, 10062, "Unknown interaction");
const invalidWebhookToken = (): Reply => error(401, 50027, "Invalid Webhook Token");
const fromApiError = (e: ApiError): Reply => ({ status: e.status, body: e.body });

const DEFAULT_MESSAGES: Record<number, string> = {
  0: "General error",
  10003: "Unknown Channel",
  10008: "Unknown Message",
  10062: "Unknown interaction",
  40060: "Interaction has already been acknowledged.",
  50001: "Missing Access",
  50007: "Cannot send messages to this user",
  50013: "Missing Permissions",
};

function asObject(value: unknown): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

export class RestApi {
  readonly requests: RecordedRequest[] = [];
  private readonly failRules: Array<FailRule & { remaining: number }> = [];
  private readonly holds: Array<{
    rule: HoldRule;
    release: Promise<void>;
    arrived: (record: RecordedRequest) => void;
  }> = [];
  private readonly routes: Route[];
  /** Messages created with `enforce_nonce`, by channel, author and nonce: Discord returns the first again. */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(
    private readonly world: WorldState,
    private readonly events: WorldEvents,
    private readonly options: RestOptions,
  ) {
    this.routes = this.buildRoutes();
  }

  failNext(rule: FailRule): void {
    this.failRules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  /** See DiscordEmulator.holdResponses. */
  holdResponses(rule: HoldRule): ResponseHold {
    let released!: () => void;
    const release = new Promise<void>((resolve) => {
      released = resolve;
    });
    let arrived!: (record: RecordedRequest) => void;
    const first = new Promise<RecordedRequest>((resolve) => {
      arrived = resolve;
    });
    const hold = { rule, release, arrived };
    this.holds.push(hold);
    return {
      first,
      release: () => {
        this.holds.splice(this.holds.indexOf(hold), 1);
        released();
      },
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const prefix = "/api/v10";
    const rawPath = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url.pathname;
    // discord.js percent-encodes path pieces such as `@original` → `%40original`.
    const path = rawPath
      .split("/")
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join("/");
    const method = (req.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (key === "authorization" || value === undefined) continue;
      headers[key] = Array.isArray(value) ? value.join(", ") : value;
    }
    const authorized = req.headers.authorization === `Bot ${this.options.token}`;
    const record: RecordedRequest = {
      seq: this.requests.length,
      at: Date.now(),
      method,
      path,
      rawPath,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      authorized,
      body: null,
      files: [],
      status: 0,
      response: null,
      route: null,
      injectedFailure: false,
    };

    let reply: Reply;
    try {
      const raw = await readBody(req);
      const parsed = await parseBody(raw, headers["content-type"] ?? "");
      record.body = parsed.body;
      record.files = parsed.files;
      if (!url.pathname.startsWith(`${prefix}/`)) {
        reply = error(404, 0, "404: Not Found");
      } else if (parsed.invalid) {
        reply = error(400, 50109, "The request body contains invalid JSON.");
      } else {
        reply = await this.dispatch(record, {
          method,
          path,
          query: record.query,
          body: parsed.body,
          files: parsed.files,
          authorized,
        });
      }
    } catch (err) {
      reply = error(500, 0, `emulator error: ${err instanceof Error ? err.stack : String(err)}`);
    }

    record.status = reply.status;
    record.response = reply.body ?? null;
    this.requests.push(record);
    this.world.events.emit("request", record);
    const hold = this.holds.find((h) => matchesRule(h.rule, method, path));
    if (hold) {
      // Done on Discord's side, but the caller hears nothing until released (or it hangs up).
      hold.arrived(record);
      await Promise.race([hold.release, once(res, "close")]);
      if (res.destroyed) return;
    }

    const outHeaders: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.body !== undefined && reply.status !== 204) {
      outHeaders["content-type"] = "application/json";
      res.writeHead(reply.status, outHeaders);
      res.end(JSON.stringify(reply.body));
    } else {
      res.writeHead(reply.status, outHeaders);
      res.end();
    }
  }

  private async dispatch(record: RecordedRequest, ctx: RequestContext): Promise<Reply> {
    let matched: { route: Route; params: string[] } | null = null;
    for (const route of this.routes) {
      if (route.method !== ctx.method) continue;
      const m = route.pattern.exec(ctx.path);
      if (m) {
        matched = { route, params: m.slice(1).map((p) => p ?? "") };
        break;
      }
    }
    record.route = matched?.route.name ?? null;

    const failure = this.takeFailure(ctx);
    if (failure) {
      record.injectedFailure = true;
      return failure;
    }
    if (!matched) return error(404, 0, "404: Not Found");
    if (matched.route.auth && !ctx.authorized) return error(401, 0, "401: Unauthorized");
    return matched.route.handle(ctx, matched.params);
  }

  private takeFailure(ctx: RequestContext): Reply | null {
    const index = this.failRules.findIndex((rule) => matchesRule(rule, ctx.method, ctx.path));
    const rule = index >= 0 ? this.failRules[index] : undefined;
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.failRules.splice(index, 1);

    if (rule.status === 429) {
      const retryAfter = rule.retryAfter ?? 1;
      const headers: Record<string, string> = {
        "retry-after": String(retryAfter),
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Date.now() / 1000 + retryAfter),
        "x-ratelimit-reset-after": String(retryAfter),
        "x-ratelimit-scope": rule.global ? "global" : "user",
      };
      if (rule.global) headers["x-ratelimit-global"] = "true";
      else headers["x-ratelimit-bucket"] = `emulated-${ctx.method}-${ctx.path.split("/")[1] ?? ""}`;
      return {
        status: 429,
        headers,
        body: {
          message: rule.message ?? "You are being rate limited.",
          retry_after: retryAfter,
          global: rule.global ?? false,
          code: rule.code ?? 0,
        },
      };
    }
    const code = rule.code ?? 0;
    const message = rule.message ?? DEFAULT_MESSAGES[code] ?? (rule.status >= 500 ? "Internal Server Error" : "Error");
    return error(rule.status, code, message);
  }

  private buildRoutes(): Route[] {
    const id = "(\\d+)";
    const seg = "([^/]+)";
    const r = (method: string, pattern: string, name: string, auth: boolean, handle: Route["handle"]): Route => ({
      method,
      pattern: new RegExp(`^${pattern}$`),
      name,
      auth,
      handle,
    });
    return [
      r("GET", "/gateway", "getGateway", false, () => ({ status: 200, body: { url: this.options.gatewayUrl() } })),
      r("GET", "/gateway/bot", "getGatewayBot", true, () => ({
        status: 200,
        body: {
          url: this.options.gatewayUrl(),
          shards: this.options.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      })),
      r("GET", "/users/@me", "getCurrentUser", true, () => ({
        status: 200,
        body: { ...userPayload(this.world.botUser), verified: true, mfa_enabled: false, flags: 0, email: null },
      })),
      r("GET", `/users/${id}`, "getUser", true, (_ctx, [userId]) => {
        const user = this.world.users.get(userId ?? "");
        return user ? { status: 200, body: userPayload(user) } : error(404, 10013, "Unknown User");
      }),
      r("GET", "/applications/@me", "getCurrentApplication", true, () => ({
        status: 200,
        body: this.applicationPayload(),
      })),
      r("POST", "/users/@me/channels", "createDM", true, (ctx) => this.createDm(ctx)),

      r("PUT", `/applications/${id}/commands`, "bulkOverwriteGlobalCommands", true, (ctx, [app]) =>
        this.putCommands(ctx, app ?? "", null),
      ),
      r("GET", `/applications/${id}/commands`, "getGlobalCommands", true, (_ctx, [app]) =>
        app === this.world.applicationId
          ? { status: 200, body: this.world.globalCommands }
          : error(403, 50001, "Missing Access"),
      ),
      r("PUT", `/applications/${id}/guilds/${id}/commands`, "bulkOverwriteGuildCommands", true, (ctx, [app, guild]) =>
        this.putCommands(ctx, app ?? "", guild ?? ""),
      ),
      r("GET", `/applications/${id}/guilds/${id}/commands`, "getGuildCommands", true, (_ctx, [app, guild]) => {
        if (app !== this.world.applicationId) return error(403, 50001, "Missing Access");
        if (!this.world.guilds.has(guild ?? "")) return error(404, 10004, "Unknown Guild");
        return { status: 200, body: this.world.guildCommands.get(guild ?? "") ?? [] };
      }),

      r("POST", `/interactions/${id}/${seg}/callback`, "createInteractionResponse", false, (ctx, [iid, token]) =>
        this.interactionCallback(ctx, iid ?? "", token ?? ""),
      ),
      r("GET", `/webhooks/${id}/${seg}/messages/${seg}`, "getWebhookMessage", false, (_ctx, [app, token, mid]) =>
        this.withInteractionToken(app ?? "", token ?? "", (rec) => this.getWebhookMessage(rec, mid ?? "")),
      ),
      r("PATCH", `/webhooks/${id}/${seg}/messages/${seg}`, "editWebhookMessage", false, (ctx, [app, token, mid]) =>
        this.withInteractionToken(app ?? "", token ?? "", (rec) => this.editWebhookMessage(ctx, rec, mid ?? "")),
      ),
      r("DELETE", `/webhooks/${id}/${seg}/messages/${seg}`, "deleteWebhookMessage", false, (_ctx, [app, token, mid]) =>
        this.withInteractionToken(app ?? "", token ?? "", (rec) => this.deleteWebhookMessage(rec, mid ?? "")),
      ),
      r("POST", `/webhooks/${id}/${seg}`, "executeWebhook", false, (ctx, [app, token]) =>
        this.withInteractionToken(app ?? "", token ?? "", (rec) => this.followup(ctx, rec)),
      ),

      r("GET", `/channels/${id}`, "getChannel", true, (_ctx, [cid]) => {
        const guard = this.channelGuard(cid ?? "", "view");
        if ("status" in guard) return guard;
        return { status: 200, body: channelPayload(this.world, guard) };
      }),
      r("POST", `/channels/${id}/typing`, "triggerTyping", true, (_ctx, [cid]) => {
        const guard = this.channelGuard(cid ?? "", "send");
        return "status" in guard ? guard : { status: 204 };
      }),
      r("GET", `/channels/${id}/messages`, "getChannelMessages", true, (ctx, [cid]) =>
        this.listMessages(ctx, cid ?? ""),
      ),
      r("POST", `/channels/${id}/messages`, "createMessage", true, (ctx, [cid]) =>
        this.createChannelMessage(ctx, cid ?? ""),
      ),
      r("GET", `/channels/${id}/messages/${id}`, "getChannelMessage", true, (_ctx, [cid, mid]) => {
        const guard = this.channelGuard(cid ?? "", "view");
        if ("status" in guard) return guard;
        const message = this.world.messages.get(mid ?? "");
        return message && message.channel_id === guard.id ? { status: 200, body: message } : unknownMessage();
      }),
      r("PATCH", `/channels/${id}/messages/${id}`, "editMessage", true, (ctx, [cid, mid]) =>
        this.editChannelMessage(ctx, cid ?? "", mid ?? ""),
      ),
      r("DELETE", `/channels/${id}/messages/${id}`, "deleteMessage", true, (_ctx, [cid, mid]) => {
        const guard = this.channelGuard(cid ?? "", "view");
        if ("status" in guard) return guard;
        const message = this.world.messages.get(mid ?? "");
        if (!message || message.channel_id !== guard.id) return unknownMessage();
        if (message.author.id !== this.world.botUser.id && guard.type === 1) {
          return error(403, 50003, "Cannot execute action on a DM channel");
        }
        this.world.deleteMessage(message.id);
        this.events.messageDelete(message);
        return { status: 204 };
      }),
    ];
  }

  private applicationPayload(): JsonObject {
    return {
      id: this.world.applicationId,
      name: this.world.botUser.username,
      icon: null,
      description: "",
      summary: "",
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: "0".repeat(64),
      flags: 0,
      team: null,
      bot: userPayload(this.world.botUser),
      owner: userPayload(this.world.botUser),
      approximate_guild_count: this.world.guilds.size,
      integration_types_config: { "0": {}, "1": {} },
    };
  }

  // ── Channels & messages ────────────────────────────────────────────────

  /** "view" fails only on missing access; "send" also on missing permissions. */
  private channelGuard(channelId: string, need: "view" | "send"): EmulatedChannel | Reply {
    const channel = this.world.channels.get(channelId);
    if (!channel || channel.deleted) return unknownChannel();
    if (channel.denied === 50001) return error(403, 50001, "Missing Access");
    if (channel.denied === 50013 && need === "send") return error(403, 50013, "Missing Permissions");
    return channel;
  }

  private createDm(ctx: RequestContext): Reply {
    const recipientId = asObject(ctx.body).recipient_id;
    const user = typeof recipientId === "string" ? this.world.users.get(recipientId) : undefined;
    if (!user) {
      return {
        status: 400,
        body: {
          code: 50035,
          message: "Invalid Form Body",
          errors: { recipient_id: { _errors: [{ code: "NUMBER_TYPE_COERCE", message: "Value is not snowflake." }] } },
        },
      };
    }
    return { status: 200, body: channelPayload(this.world, this.world.dmChannelFor(user.id)) };
  }

  private listMessages(ctx: RequestContext, channelId: string): Reply {
    const guard = this.channelGuard(channelId, "view");
    if ("status" in guard) return guard;
    const limit = Math.min(Number(ctx.query.limit ?? 50) || 50, 100);
    let list = this.world.messagesIn(channelId);
    if (ctx.query.before) list = list.filter((m) => BigInt(m.id) < BigInt(ctx.query.before ?? "0"));
    if (ctx.query.after) list = list.filter((m) => BigInt(m.id) > BigInt(ctx.query.after ?? "0"));
    // Discord returns newest first.
    return { status: 200, body: list.slice(-limit).reverse() };
  }

  private createChannelMessage(ctx: RequestContext, channelId: string): Reply {
    const guard = this.channelGuard(channelId, "send");
    if ("status" in guard) return guard;
    if (guard.type === 1) {
      const recipient = guard.recipientId ? this.world.users.get(guard.recipientId) : undefined;
      if (recipient?.bot) return error(403, 50007, "Cannot send messages to this user");
    }
    const invalid = validateMessageBody(ctx.body, true, ctx.files.length > 0);
    if (invalid) return fromApiError(invalid);
    // Discord refuses a message with files where the author lacks Attach Files.
    if (ctx.files.length > 0 && (this.world.botPermissionsIn(guard) & Permission.AttachFiles) === 0n) {
      return error(403, 50013, "Missing Permissions");
    }
    const body = asObject(ctx.body);
    // Discord: with enforce_nonce, a nonce the same author used in the past few minutes returns
    // that message instead of creating another (how a retried or taken-over post stays one post).
    const nonceKey =
      body.enforce_nonce === true && (typeof body.nonce === "string" || typeof body.nonce === "number")
        ? `${guard.id}:${this.world.botUser.id}:${String(body.nonce)}`
        : null;
    const earlier = nonceKey ? this.nonces.get(nonceKey) : undefined;
    const earlierMessage =
      earlier && Date.now() - earlier.at < NONCE_WINDOW_MS && this.world.messages.get(earlier.messageId);
    if (earlierMessage) return { status: 200, body: earlierMessage };
    const reference = asObject(body.message_reference);
    const extra: Record<string, Json> = {};
    let type = 0;
    if (typeof reference.message_id === "string") {
      const referenced = this.world.messages.get(reference.message_id);
      if (!referenced || referenced.channel_id !== guard.id) {
        if (reference.fail_if_not_exists !== false) {
          return {
            status: 400,
            body: {
              code: 50035,
              message: "Invalid Form Body",
              errors: {
                message_reference: {
                  _errors: [{ code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message: "Unknown message" }],
                },
              },
            },
          };
        }
      } else {
        type = 19;
        extra.message_reference = { type: 0, message_id: referenced.id, channel_id: guard.id };
        if (guard.guildId) extra.message_reference.guild_id = guard.guildId;
        extra.referenced_message = messagePayload(referenced);
      }
    }
    const message = newMessage(this.world, {
      channel: guard,
      author: this.world.botUser,
      content: typeof body.content === "string" ? body.content : "",
      embeds: Array.isArray(body.embeds) ? (body.embeds as JsonObject[]) : [],
      components: Array.isArray(body.components) ? (body.components as JsonObject[]) : [],
      attachments: this.attachmentsFor(ctx),
      flags: typeof body.flags === "number" ? body.flags & (FLAG_SUPPRESS_EMBEDS | 4096 | 32768) : 0,
      type,
      mentions: this.mentionedUsers(typeof body.content === "string" ? body.content : "", body),
      extra,
    });
    this.world.storeMessage(message);
    if (nonceKey) this.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
    this.events.message("MESSAGE_CREATE", message);
    return { status: 200, body: message };
  }

  private editChannelMessage(ctx: RequestContext, channelId: string, messageId: string): Reply {
    const guard = this.channelGuard(channelId, "view");
    if ("status" in guard) return guard;
    const message = this.world.messages.get(messageId);
    if (!message || message.channel_id !== guard.id) return unknownMessage();
    if (message.author.id !== this.world.botUser.id) {
      return error(403, 50005, "Cannot edit a message authored by another user");
    }
    const invalid = validateMessageBody(ctx.body, false, ctx.files.length > 0) ?? this.emptyAfterEdit(message, ctx);
    if (invalid) return fromApiError(invalid);
    this.applyEdit(message, ctx);
    this.world.changed();
    this.events.message("MESSAGE_UPDATE", message);
    return { status: 200, body: message };
  }

  private mentionedUsers(content: string, body: JsonObject): EmulatedUser[] {
    const allowed = asObject(body.allowed_mentions);
    const parse = Array.isArray(allowed.parse) ? allowed.parse : null;
    const explicit = Array.isArray(allowed.users) ? allowed.users : null;
    const out: EmulatedUser[] = [];
    for (const m of content.matchAll(/<@!?(\d+)>/g)) {
      const user = this.world.users.get(m[1] ?? "");
      if (!user) continue;
      // allowed_mentions only suppresses pings, but Discord also drops them from `mentions`.
      if (body.allowed_mentions !== undefined && !(parse?.includes("users") || explicit?.includes(user.id))) continue;
      out.push(user);
    }
    return out;
  }

  /**
   * The uploaded files as attachment objects. `data` is the message part of the body, whose
   * `attachments` describe the uploads by index (`files[n]` has id n): Discord takes the alt text from
   * there, and gives images their width and height.
   */
  private attachmentsFor(ctx: RequestContext, data: JsonObject = asObject(ctx.body)): JsonObject[] {
    const described = new Map(
      (Array.isArray(data.attachments) ? data.attachments : []).map((a) => [idText(asObject(a).id), asObject(a)]),
    );
    return ctx.files.map((file) => {
      const id = this.world.ids.next();
      this.world.attachmentFiles.set(id, file);
      const index = /^files\[(\d+)\]$/.exec(file.field)?.[1];
      const description = index === undefined ? undefined : described.get(index)?.description;
      const size = pngSize(file.bytes);
      return {
        id,
        filename: file.name,
        size: file.size,
        content_type: file.contentType,
        url: `https://cdn.discordapp.invalid/attachments/${id}/${file.name}`,
        proxy_url: `https://media.discordapp.invalid/attachments/${id}/${file.name}`,
        ...(typeof description === "string" ? { description } : {}),
        ...(size ? { width: size.width, height: size.height } : {}),
      };
    });
  }

  /** Discord refuses edits that would leave a message with nothing to show. */
  private emptyAfterEdit(message: EmulatedMessage, ctx: RequestContext): ApiError | null {
    const preview = structuredClone(message);
    this.applyEdit(preview, ctx);
    const empty =
      preview.content === "" &&
      preview.embeds.length === 0 &&
      preview.components.length === 0 &&
      preview.attachments.length === 0;
    return empty ? { status: 400, body: { code: 50006, message: "Cannot send an empty message" } } : null;
  }

  /** PATCH semantics: only fields present in the body change; null clears. */
  private applyEdit(message: EmulatedMessage, ctx: RequestContext): void {
    const body = asObject(ctx.body);
    if ("content" in body) message.content = typeof body.content === "string" ? body.content : "";
    if ("embeds" in body) message.embeds = Array.isArray(body.embeds) ? (body.embeds as JsonObject[]) : [];
    if ("components" in body)
      message.components = Array.isArray(body.components) ? (body.components as JsonObject[]) : [];
    if ("attachments" in body || ctx.files.length > 0) {
      const keep = new Set(
        (Array.isArray(body.attachments) ? body.attachments : [])
          .map((a) => asObject(a).id)
          .filter((v): v is string => typeof v === "string"),
      );
      const kept =
        "attachments" in body ? message.attachments.filter((a) => keep.has(idText(a.id))) : message.attachments;
      message.attachments = [...kept, ...this.attachmentsFor(ctx, body)];
    }
    if (typeof body.flags === "number") {
      message.flags = (message.flags & ~FLAG_SUPPRESS_EMBEDS) | (body.flags & FLAG_SUPPRESS_EMBEDS);
    }
    if ("content" in body) {
      message.mentions = this.mentionedUsers(message.content, body).map(
        (u) => userPayload(u) as unknown as EmulatedUser,
      );
    }
    message.edited_timestamp = new Date().toISOString();
  }

  // ── Application commands ──────────────────────────────────────────────

  private putCommands(ctx: RequestContext, app: string, guildId: string | null): Reply {
    if (app !== this.world.applicationId) return error(403, 50001, "Missing Access");
    if (guildId !== null && !this.world.guilds.has(guildId)) return error(404, 10004, "Unknown Guild");
    if (!Array.isArray(ctx.body)) return error(400, 50035, "Invalid Form Body");
    const previous = guildId === null ? this.world.globalCommands : (this.world.guildCommands.get(guildId) ?? []);
    const errors: JsonObject = {};
    const names = new Set<string>();
    const stored: StoredCommand[] = ctx.body.map((raw, i) => {
      const cmd = asObject(raw);
      const name = typeof cmd.name === "string" ? cmd.name : "";
      const type = typeof cmd.type === "number" ? cmd.type : 1;
      const problems: JsonObject[] = [];
      if (type === 1 && !/^[-_'\p{Ll}\p{Lo}\p{N}]{1,32}$/u.test(name)) {
        problems.push({ code: "APPLICATION_COMMAND_INVALID_NAME", message: "Command name is invalid" });
      }
      if (type === 1) {
        const description = typeof cmd.description === "string" ? cmd.description : "";
        if (description.length < 1 || description.length > 100) {
          errors[String(i)] = {
            description: {
              _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }],
            },
          };
        }
      }
      if (names.has(`${type}:${name}`)) {
        problems.push({
          code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
          message: `Application command names must be unique`,
        });
      }
      names.add(`${type}:${name}`);
      if (problems.length > 0) errors[String(i)] = { ...asObject(errors[String(i)]), name: { _errors: problems } };
      const existing = previous.find((c) => c.name === name && c.type === type);
      const command: StoredCommand = {
        default_member_permissions: null,
        nsfw: false,
        ...cmd,
        id: existing?.id ?? this.world.ids.next(),
        application_id: this.world.applicationId,
        name,
        type,
        version: this.world.ids.next(),
      };
      if (type === 1 && typeof cmd.description !== "string") command.description = "";
      if (guildId !== null) command.guild_id = guildId;
      return command;
    });
    if (Object.keys(errors).length > 0) {
      return { status: 400, body: { code: 50035, message: "Invalid Form Body", errors } };
    }
    if (guildId === null) this.world.globalCommands.splice(0, this.world.globalCommands.length, ...stored);
    else this.world.guildCommands.set(guildId, stored);
    this.world.changed();
    return { status: 200, body: stored };
  }

  // ── Interactions ──────────────────────────────────────────────────────

  private interactionCallback(ctx: RequestContext, interactionId: string, token: string): Reply {
    const rec = this.world.interactions.get(interactionId);
    if (!rec || rec.token !== token) return unknownInteraction();
    if (rec.ack) return error(400, 40060, "Interaction has already been acknowledged.");
    if (Date.now() > rec.deadlineAt) return unknownInteraction();

    const body = asObject(ctx.body);
    const type = typeof body.type === "number" ? body.type : -1;
    const data = asObject(body.data);
    const allowed: Record<InteractionRecord["kind"], number[]> = {
      command: [4, 5, 9],
      button: [4, 5, 6, 7, 9],
      autocomplete: [8],
    };
    if (!allowed[rec.kind].includes(type)) {
      return {
        status: 400,
        body: {
          code: 50035,
          message: "Invalid Form Body",
          errors: {
            type: {
              _errors: [
                {
                  code: "INTERACTION_CALLBACK_TYPE_INVALID",
                  message: `Callback type ${type} is not valid for this interaction`,
                },
              ],
            },
          },
        },
      };
    }

    let resource: { type: number; message: EmulatedMessage } | null = null;
    if (type === 4) {
      const invalid = validateMessageBody(data, true, ctx.files.length > 0);
      if (invalid) return fromApiError(invalid);
      const message = this.newInteractionMessage(rec, ctx, data, (Number(data.flags) || 0) & FLAG_EPHEMERAL, true);
      rec.originalMessageId = message.id;
      rec.ephemeral = (message.flags & FLAG_EPHEMERAL) !== 0;
      this.world.storeMessage(message);
      this.events.message("MESSAGE_CREATE", message);
      resource = { type, message };
    } else if (type === 5) {
      const ephemeral = (Number(data.flags) || 0) & FLAG_EPHEMERAL;
      const message = this.newInteractionMessage(rec, { ...ctx, files: [] }, {}, ephemeral | FLAG_LOADING, true);
      rec.originalMessageId = message.id;
      rec.ephemeral = ephemeral !== 0;
      rec.thinking = true;
      this.world.storeMessage(message);
      this.events.message("MESSAGE_CREATE", message);
      resource = { type, message };
    } else if (type === 7) {
      const invalid = validateMessageBody(data, false, ctx.files.length > 0);
      if (invalid) return fromApiError(invalid);
      const message = rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
      if (!message) return unknownMessage();
      this.applyEdit(message, { ...ctx, body: data });
      this.events.message("MESSAGE_UPDATE", message);
      resource = { type, message };
    } else if (type === 8) {
      const invalid = validateAutocompleteChoices(data.choices);
      if (invalid) return fromApiError(invalid);
      rec.autocompleteChoices = Array.isArray(data.choices) ? (data.choices as JsonObject[]) : [];
    }

    rec.ack = { type, at: Date.now() };
    rec.events.push({
      kind: "callback",
      at: Date.now(),
      callbackType: type,
      messageId: rec.originalMessageId ?? undefined,
      body: ctx.body,
    });
    this.world.changed();

    // discord.js always sends ?with_response=…; only "true" expects a body.
    if (ctx.query.with_response !== "true") return { status: 204 };
    const message = resource?.message;
    const interaction: JsonObject = { id: rec.id, type: INTERACTION_TYPE[rec.kind] };
    if (message) {
      interaction.response_message_id = message.id;
      interaction.response_message_loading = (message.flags & FLAG_LOADING) !== 0;
      interaction.response_message_ephemeral = (message.flags & FLAG_EPHEMERAL) !== 0;
    }
    const out: JsonObject = { interaction };
    if (resource) out.resource = { type: resource.type, message: messagePayload(resource.message) };
    return { status: 200, body: out };
  }

  private newInteractionMessage(
    rec: InteractionRecord,
    ctx: RequestContext,
    data: JsonObject,
    flags: number,
    original: boolean,
  ): EmulatedMessage {
    const channel = this.world.requireChannel(rec.channelId);
    const user = this.world.requireUser(rec.userId);
    const payload = rec.payload;
    const extraFlags = typeof data.flags === "number" ? data.flags & (FLAG_SUPPRESS_EMBEDS | 4096 | 32768) : 0;
    const metadata: JsonObject = {
      id: rec.id,
      type: INTERACTION_TYPE[rec.kind],
      user: userPayload(user),
      authorizing_integration_owners: payload.authorizing_integration_owners ?? {},
    };
    if (rec.kind === "command") {
      metadata.name = asObject(payload.data).name ?? null;
      metadata.command_type = 1;
    }
    if (!original && rec.originalMessageId) metadata.original_response_message_id = rec.originalMessageId;
    if (rec.kind === "button") metadata.interacted_message_id = asObject(payload.message).id ?? null;
    return newMessage(this.world, {
      channel,
      author: this.world.botUser,
      content: typeof data.content === "string" ? data.content : "",
      embeds: Array.isArray(data.embeds) ? (data.embeds as JsonObject[]) : [],
      components: Array.isArray(data.components) ? (data.components as JsonObject[]) : [],
      attachments: this.attachmentsFor(ctx, data),
      flags: flags | extraFlags,
      type: original && rec.kind === "command" ? 20 : 0,
      mentions: this.mentionedUsers(typeof data.content === "string" ? data.content : "", data),
      extra: {
        webhook_id: this.world.applicationId,
        application_id: this.world.applicationId,
        interaction_metadata: metadata,
      },
    });
  }

  private withInteractionToken(app: string, token: string, fn: (rec: InteractionRecord) => Reply): Reply {
    if (app !== this.world.applicationId) return error(404, 10015, "Unknown Webhook");
    const rec = this.world.interactionByToken(token);
    if (!rec || Date.now() > rec.tokenExpiresAt) return invalidWebhookToken();
    return fn(rec);
  }

  /** Resolves `@original` or a follow-up id to a live message owned by this interaction. */
  private interactionMessage(rec: InteractionRecord, messageId: string): EmulatedMessage | null {
    const id = messageId === "@original" ? rec.originalMessageId : messageId;
    if (!id) return null;
    if (id !== rec.originalMessageId && !rec.followupIds.includes(id)) return null;
    return this.world.messages.get(id) ?? null;
  }

  private getWebhookMessage(rec: InteractionRecord, messageId: string): Reply {
    const message = this.interactionMessage(rec, messageId);
    return message ? { status: 200, body: message } : unknownMessage();
  }

  private editWebhookMessage(ctx: RequestContext, rec: InteractionRecord, messageId: string): Reply {
    if (!rec.ack) return unknownWebhookBeforeAck();
    const message = this.interactionMessage(rec, messageId);
    if (!message) return unknownMessage();
    const invalid = validateMessageBody(ctx.body, false, ctx.files.length > 0) ?? this.emptyAfterEdit(message, ctx);
    if (invalid) return fromApiError(invalid);
    const isOriginal = message.id === rec.originalMessageId;
    const wasLoading = (message.flags & FLAG_LOADING) !== 0;
    this.applyEdit(message, ctx);
    if (wasLoading) {
      // Resolving "thinking…" is not shown as an edit.
      message.flags &= ~FLAG_LOADING;
      message.edited_timestamp = null;
      if (isOriginal) rec.thinking = false;
    }
    rec.events.push({
      kind: isOriginal ? "edit_original" : "edit_followup",
      at: Date.now(),
      messageId: message.id,
      body: ctx.body,
    });
    this.world.changed();
    this.events.message("MESSAGE_UPDATE", message);
    return { status: 200, body: message };
  }

  private deleteWebhookMessage(rec: InteractionRecord, messageId: string): Reply {
    if (!rec.ack) return unknownWebhookBeforeAck();
    const message = this.interactionMessage(rec, messageId);
    if (!message) return unknownMessage();
    const isOriginal = message.id === rec.originalMessageId;
    this.world.deleteMessage(message.id);
    if (isOriginal) {
      rec.originalDeleted = true;
      rec.thinking = false;
    }
    rec.events.push({
      kind: isOriginal ? "delete_original" : "delete_followup",
      at: Date.now(),
      messageId: message.id,
      body: null,
    });
    this.world.changed();
    this.events.messageDelete(message);
    return { status: 204 };
  }

  private followup(ctx: RequestContext, rec: InteractionRecord): Reply {
    if (!rec.ack || rec.kind === "autocomplete") return unknownWebhookBeforeAck();
    const invalid = validateMessageBody(ctx.body, true, ctx.files.length > 0);
    if (invalid) return fromApiError(invalid);
    const body = asObject(ctx.body);
    let message: EmulatedMessage;
    const loading = rec.thinking && rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
    if (loading) {
      // Discord quirk: after a deferred reply (type 5) the first follow-up
      // replaces the "thinking…" message instead of creating a new one, and
      // inherits the defer's ephemerality.
      this.applyEdit(loading, ctx);
      loading.flags &= ~FLAG_LOADING;
      loading.edited_timestamp = null;
      rec.thinking = false;
      message = loading;
      this.events.message("MESSAGE_UPDATE", message);
    } else {
      message = this.newInteractionMessage(rec, ctx, body, (Number(body.flags) || 0) & FLAG_EPHEMERAL, false);
      this.world.storeMessage(message);
      rec.followupIds.push(message.id);
      this.events.message("MESSAGE_CREATE", message);
    }
    rec.events.push({ kind: "followup", at: Date.now(), messageId: message.id, body: ctx.body });
    this.world.changed();
    return ctx.query.wait === "true" ? { status: 200, body: message } : { status: 204 };
  }
}

function unknownWebhookBeforeAck(): Reply {
  return error(404, 10015, "Unknown Webhook");
}

/** Width and height from a PNG's IHDR chunk, or null when `bytes` is not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature) return null;
  if (bytes.subarray(12, 16).toString("latin1") !== "IHDR") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: RecordedRequest["files"]; invalid: boolean }> {
  if (raw.length === 0) return { body: null, files: [], invalid: false };
  if (contentType.startsWith("multipart/form-data")) {
    // Let undici's fetch Response do the multipart parsing.
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    let body: unknown = null;
    const files: RecordedRequest["files"] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") {
          try {
            body = JSON.parse(value);
          } catch {
            return { body: value, files, invalid: true };
          }
        }
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        files.push({ field, name: value.name, size: value.size, contentType: value.type, bytes });
      }
    }
    return { body, files, invalid: false };
  }
  const text = raw.toString("utf8");
  try {
    return { body: JSON.parse(text), files: [], invalid: false };
  } catch {
    return { body: text, files: [], invalid: true };
  }
}

/** A snowflake as sent: a string, or a number from a careless client; anything else matches nothing. */
function idText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

// src/bot: the Discord front end: client, commands, replies within Discord's limits, shards.
import { once } from "node:events";
import {
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  Partials,
} from "discord.js";
import { closeChartThread, warmChartThread } from "../chart/off-thread.js";
import { type DigestSystem, type DigestSystemOptions, startDigestSystem } from "../digest/index.js";
import type { LiveCorpusService } from "../live/watch.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../ops/metrics.js";
import type { Health } from "../ops/server.js";
import { ButtonStateTable } from "../store/button-states.js";
import type { SitrepDatabase } from "../store/database.js";
import { type LiveCorpus, warmUpInBackground } from "../sitrep.js";
import { buildTimeline as defaultBuildTimeline } from "../timeline/build.js";
import { loadCommands } from "./commands.js";
import { BUTTON_TTL_MS, ButtonStateStore } from "./custom-id.js";
import { DiscordDigestTransport, type DiscordDigestTransportOptions } from "./digest-transport.js";
import { errorForLog, type HandlerDeps, handleInteraction } from "./interaction-handler.js";
import { handleMessage, questionIn } from "./message-handler.js";
import { DEFAULT_REQUEST_LIMITS, type RateLimitOptions, RequestLimits } from "./rate-limit.js";
import { registerCommands } from "./register.js";
import type { ShardPlan } from "./shards.js";
import type { BotContext, Command } from "./types.js";

/** Scheduled digests: the database at DATA_DIR/sitrep.db; new reports come from the live corpus. */
export interface BotDigestOptions extends Pick<DigestSystemOptions, "dataDir" | "scheduler"> {
  /** Shortest schedule interval accepted; default one hour. Only tests go lower. */
  minIntervalMs?: number;
  transport?: DiscordDigestTransportOptions;
}

export interface BotOptions {
  token: string;
  live: LiveCorpus;
  logger: Logger;
  /** Defaults to every module in commands/. */
  commands?: Map<string, Command>;
  /** DISCORD_API_BASE_URL: REST base for discord.js (it appends /v10). */
  apiBaseUrl?: string | null;
  /** REGISTER_COMMANDS_ON_START: overwrite the application's commands once connected. */
  register?: { clientId: string; guildId: string | null } | null;
  /** Per user; default DEFAULT_REQUEST_LIMITS.user. */
  rateLimit?: RateLimitOptions;
  /** Posts per channel in reply to messages, and all requests together; defaults in DEFAULT_REQUEST_LIMITS. */
  channelRateLimit?: RateLimitOptions;
  globalRateLimit?: RateLimitOptions;
  /**
   * The shared store (SQLite or PostgreSQL): long button states and digests live there. The bot
   * closes it on stop(). Null: button states in memory only, digests open DATA_DIR/sitrep.db.
   */
  database?: SitrepDatabase | null;
  buttonTtlMs?: number;
  /** How long stop() waits for in-flight replies before closing anyway. */
  drainTimeoutMs?: number;
  buildTimeline?: BotContext["buildTimeline"];
  now?: () => number;
  /** Test hook, see BotContext.workDelayMs. */
  workDelayMs?: number;
  /** Extra discord.js options (tests point REST and the gateway at an emulator). */
  clientOptions?: Partial<ClientOptions>;
  /** Scheduled digests, started once connected; null or absent: /digest says they are not available. */
  digests?: BotDigestOptions | null;
  /**
   * Starts the live corpus (src/live), which reloads `live` when reports change and which digests
   * subscribe to. Started before login, whether or not digests run; null: the corpus never changes.
   */
  liveCorpus?: (() => Promise<LiveCorpusService>) | null;
  /** The shards this process runs; absent: shard 0 of 1. Always passed to discord.js explicitly. */
  shards?: ShardPlan | null;
  /** Counters for /metrics; null: not measured. */
  metrics?: Metrics | null;
}

export interface Bot {
  /** Connects and resolves once the gateway session is ready. */
  start(): Promise<void>;
  /** Stops taking work, lets in-flight replies finish, closes the gateway. Safe to call twice. */
  stop(): Promise<void>;
  readonly context: BotContext;
  readonly client: Client | null;
  /** The running digest system (store, scheduler), once started. */
  readonly digests: DigestSystem | null;
  /** For GET /healthz: ok once every shard of this process is connected, until stop. */
  health(): Health;
  /** Replies still being worked on. */
  readonly inFlight: number;
}

/** Secrets that must never reach a log line, even inside an error message or URL. */
export function makeRedactor(secrets: string[]): (text: string) => string {
  const literal = secrets.filter((s) => s.length >= 8);
  return (text) => {
    let out = text.replace(/\/(webhooks|interactions)\/(\d+)\/[^/\s?]+/g, "/$1/$2/[redacted]");
    for (const secret of literal) out = out.split(secret).join("[redacted]");
    return out;
  };
}

export function createBot(options: BotOptions): Bot {
  const logger = options.logger;
  const database = options.database ?? null;
  const buttonStates = new ButtonStateStore(
    database ? new ButtonStateTable(database) : null,
    5_000,
    options.buttonTtlMs ?? BUTTON_TTL_MS,
    (error) => logger.warn({ err: errorForLog(error, redact) }, "could not save a button state"),
  );
  const now = options.now ?? Date.now;
  const redact = makeRedactor([options.token]);
  const context: BotContext = {
    live: options.live,
    logger,
    limits: new RequestLimits(
      {
        user: options.rateLimit ?? DEFAULT_REQUEST_LIMITS.user,
        channel: options.channelRateLimit ?? DEFAULT_REQUEST_LIMITS.channel,
        global: options.globalRateLimit ?? DEFAULT_REQUEST_LIMITS.global,
      },
      now,
    ),
    buttonStates,
    buildTimeline: options.buildTimeline ?? defaultBuildTimeline,
    now,
    buttonTtlMs: options.buttonTtlMs ?? BUTTON_TTL_MS,
    workDelayMs: options.workDelayMs ?? 0,
    digests: null,
  };
  const pending = new Set<Promise<void>>();
  let client: Client | null = null;
  let digests: DigestSystem | null = null;
  let liveCorpus: LiveCorpusService | null = null;
  const shards = options.shards ?? { ids: [0], count: 1 };
  const metrics = options.metrics ?? null;
  for (const id of shards.ids) metrics?.setShard(id, "connecting");
  let stopping = false;
  let stopped: Promise<void> | null = null;

  const track = (work: Promise<void>): void => {
    const tracked = work.catch((error: unknown) => {
      logger.error({ err: errorForLog(error, redact) }, "unhandled failure in a handler");
    });
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };

  /** Times a reply and counts it once it settles. */
  const measured = (kind: string | null, work: Promise<void>): Promise<void> => {
    if (!metrics || kind === null) return work;
    const done = metrics.interactionStarted(kind);
    return work.then(
      () => done("ok"),
      (error: unknown) => {
        done("error");
        throw error;
      },
    );
  };

  async function start(): Promise<void> {
    if (client) throw new Error("the bot is already started");
    if (options.liveCorpus) {
      liveCorpus = await options.liveCorpus();
      if (stopping) return;
    }
    const commands = options.commands ?? (await loadCommands());
    await buttonStates.load(now()).catch((error: unknown) => {
      logger.warn({ err: errorForLog(error, redact) }, "could not load button states; older buttons may have expired");
    });
    const deps: HandlerDeps = { commands, context, redact, stopping: () => stopping };
    const extra = options.clientOptions ?? {};
    const api = options.apiBaseUrl ? { api: options.apiBaseUrl } : {};
    client = new Client({
      ...extra,
      // Explicit, so discord.js never falls back to SHARDS/SHARD_COUNT in the environment.
      shards: shards.ids,
      shardCount: shards.count,
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      // DM channels are not cached until something happens in them; without this their messages are dropped.
      partials: [Partials.Channel],
      // Belt and braces: the send helper sets this on every message as well.
      allowedMentions: { parse: [] },
      rest: { ...api, ...extra.rest },
    });
    client.on(Events.InteractionCreate, (interaction) =>
      track(measured(interactionKind(interaction), handleInteraction(interaction, deps))),
    );
    client.on(Events.MessageCreate, (message) => track(measured(messageKind(message), handleMessage(message, deps))));
    client.on(Events.ShardDisconnect, (event, shard) => {
      metrics?.setShard(shard, "disconnected");
      logger.warn({ shard, code: event.code }, "gateway closed");
    });
    client.on(Events.ShardReconnecting, (shard) => {
      metrics?.setShard(shard, "reconnecting");
      logger.info({ shard }, "gateway reconnecting");
    });
    client.on(Events.ShardResume, (shard, replayed) => {
      metrics?.setShard(shard, "ready");
      logger.info({ shard, replayed }, "gateway resumed");
    });
    client.on(Events.ShardReady, (shard) => {
      metrics?.setShard(shard, "ready");
      logger.info({ shard }, "gateway session ready");
    });
    client.on(Events.Warn, (message) => logger.warn({ message: redact(message) }, "discord.js warning"));
    client.on(Events.Error, (error) => logger.error({ err: errorForLog(error, redact) }, "discord.js error"));

    const ready = once(client, Events.ClientReady);
    await client.login(options.token);
    await ready;
    const { corpus } = context.live.current;
    logger.info(
      {
        user: client.user?.tag,
        shards: shards.ids,
        shardCount: shards.count,
        guilds: client.guilds.cache.size,
        reports: corpus.reports.length,
        commands: commands.size,
      },
      "connected",
    );
    if (options.register) {
      await registerCommands({
        rest: client.rest,
        clientId: options.register.clientId,
        guildId: options.register.guildId,
        commands,
        logger,
      });
    }
    if (options.digests) await startDigests(client as Client<true>, options.digests);
    warmUpInBackground(context.live.current.index, logger);
    // The timeline picture's worker thread loads Vega now rather than during someone's /timeline.
    warmChartThread();
  }

  /**
   * Digests need a client that can post, so they start once connected. A database that cannot be
   * opened turns digests off (logged) rather than the whole bot: questions still get answers.
   */
  async function startDigests(ready: Client<true>, config: BotDigestOptions): Promise<void> {
    const { transport, scheduler, ...rest } = config;
    const onRun = scheduler?.onRun;
    try {
      const system = await startDigestSystem({
        ...rest,
        scheduler: {
          ...scheduler,
          onRun: (outcome) => {
            metrics?.digestRun(outcome.status);
            onRun?.(outcome);
          },
        },
        database,
        live: options.live,
        updates: liveCorpus,
        transport: new DiscordDigestTransport(ready, { ...transport, logger: logger.child({ component: "digest" }) }),
        logger: logger.child({ component: "digest" }),
      });
      if (stopping) {
        await system.stop();
        return;
      }
      digests = system;
      context.digests = system.service;
      const subscriptions = await system.store.listSubscriptions();
      logger.info({ subscriptions: subscriptions.length, store: system.store.database.location }, "digests started");
    } catch (error) {
      logger.error({ err: errorForLog(error, redact) }, "digests are off: they could not start");
    }
  }

  async function drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.allSettled([...pending]), timeout]);
      clearTimeout(timer);
    }
    return true;
  }

  async function stop(): Promise<void> {
    if (stopped) return stopped;
    stopping = true;
    stopped = (async () => {
      logger.info({ inFlight: pending.size }, "stopping: finishing in-flight replies");
      const drained = await drain(options.drainTimeoutMs ?? 10_000);
      if (!drained) logger.warn({ inFlight: pending.size }, "stopping with replies still in flight");
      // Before the client goes: a run in progress finishes its post, then the watcher and database close.
      context.digests = null;
      await digests?.stop().catch((error: unknown) => {
        logger.error({ err: errorForLog(error, redact) }, "digests did not stop cleanly");
      });
      await liveCorpus?.stop().catch((error: unknown) => {
        logger.error({ err: errorForLog(error, redact) }, "the live corpus did not stop cleanly");
      });
      await client?.destroy();
      // The picture thread, once it has loaded (ended while loading, it takes the process down).
      await closeChartThread().catch((error: unknown) => {
        logger.warn({ err: errorForLog(error, redact) }, "the picture thread did not stop cleanly");
      });
      await buttonStates.flush();
      await database?.close().catch((error: unknown) => {
        logger.warn({ err: errorForLog(error, redact) }, "could not close the database");
      });
      logger.info("stopped");
    })();
    return stopped;
  }

  function health(): Health {
    const states = metrics?.shardStates() ?? new Map();
    const shardReport = Object.fromEntries(shards.ids.map((id) => [String(id), states.get(id) ?? "unknown"]));
    const connected = client !== null && client.isReady() && !stopping;
    const allReady = metrics ? shards.ids.every((id) => states.get(id) === "ready") : connected;
    const { corpus } = context.live.current;
    return {
      ok: connected && allReady,
      shards: shardReport,
      shardCount: shards.count,
      corpus: { hash: corpus.hash, reports: corpus.reports.length },
      digests: digests ? "running" : options.digests ? "off (not started)" : "disabled",
      stopping,
    };
  }

  return {
    start,
    stop,
    health,
    context,
    get client() {
      return client;
    },
    get digests() {
      return digests;
    },
    get inFlight() {
      return pending.size;
    },
  };
}

/** The metrics label for an interaction: the command's name, or what was used. */
function interactionKind(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return interaction.commandName;
  if (interaction.isAutocomplete()) return "autocomplete";
  if (interaction.isButton()) return "button";
  return "other";
}

/** Only messages that are questions to Sitrep count; a server's chatter is not work. */
function messageKind(message: Message): string | null {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId) return null;
  return questionIn(message.content, botId, message.inGuild()) === null ? null : "message";
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AttachmentBuilder, MessageFlags } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import { makeRedactor } from "../../src/bot/bot.js";
import { CommandLoadError, commandsJson, loadCommands, validateCommand } from "../../src/bot/commands.js";
import { ExpiredError, GENERIC_ERROR_MESSAGE, UserError, userMessageOf } from "../../src/bot/errors.js";
import { askParams, decodeAskState, encodeAskState, sourceChoices } from "../../src/bot/features/ask.js";
import { errorForLog, guard } from "../../src/bot/interaction-handler.js";
import { questionIn } from "../../src/bot/message-handler.js";
import { decodeTimelineState, encodeTimelineState, timelineParams } from "../../src/bot/features/timeline.js";
import { defer, send, toEditOptions, toMessageOptions } from "../../src/bot/send.js";
import { createLogger } from "../../src/logger.js";
import type { Corpus } from "../../src/corpus/types.js";
import { QuestionError } from "../../src/search/answer.js";
import { openCorpus } from "../../src/sitrep.js";
import { SEED_CORPUS } from "../helpers/corpus.js";

const scratch = mkdtempSync(path.join(tmpdir(), "sitrep-units-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("command loader", () => {
  it("loads every module in commands/, each usable in servers and DMs", async () => {
    const commands = await loadCommands();
    expect([...commands.keys()]).toEqual(["ask", "digest", "help", "reports", "timeline"]);
    for (const json of commandsJson(commands)) {
      expect(json.contexts).toEqual([0, 1, 2]);
      expect(json.integration_types).toEqual([0, 1]);
      expect(json.description?.length).toBeGreaterThan(0);
    }
  });

  it("rejects modules that are not commands, naming the file and the problem", () => {
    expect(() => validateCommand({ data: { name: "x", toJSON: () => ({}) } }, "x.ts")).toThrow(
      /x\.ts: not a command module.*execute/,
    );
    const guildOnly = {
      data: { name: "x", toJSON: () => ({ name: "x", description: "d", contexts: [0], integration_types: [0, 1] }) },
      execute: async () => undefined,
    };
    expect(() => validateCommand(guildOnly, "x.ts")).toThrow(
      /x\.ts: .*must include Guild, BotDM and PrivateChannel.*contexts/s,
    );
  });

  it("refuses a folder with a broken module or duplicate names", async () => {
    const dir = mkdtempSync(path.join(scratch, "commands-"));
    const json = (name: string) =>
      JSON.stringify({ name, description: "d", contexts: [0, 1, 2], integration_types: [0, 1] });
    const module = (name: string) =>
      `export default { data: { name: "${name}", toJSON: () => (${json(name)}) }, async execute() {} };`;
    writeFileSync(path.join(dir, "a.mjs"), module("same"));
    writeFileSync(path.join(dir, "b.mjs"), module("same"));
    writeFileSync(path.join(dir, "_ignored.mjs"), "export default 42;");
    await expect(loadCommands(dir)).rejects.toThrow(CommandLoadError);
    await expect(loadCommands(dir)).rejects.toThrow(/b\.mjs: a second \/same/);
  });
});

describe("ask parameters", async () => {
  const { corpus } = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });

  it("validate dates and sources with messages that name the option and the format", () => {
    expect(() => askParams(corpus, { question: "q", since: "2017/06/01" })).toThrow(
      "`since` must be a date written YYYY-MM-DD, e.g. 2017-06-28 (got “2017/06/01”).",
    );
    expect(() => askParams(corpus, { question: "q", since: "2017-07-01", until: "2017-06-01" })).toThrow(
      /since 2017-07-01 is after until 2017-06-01/,
    );
    expect(() => askParams(corpus, { question: "q", source: "nope" })).toThrow(UserError);
    expect(() => askParams(corpus, { question: " " })).toThrow(QuestionError);
    const west = corpus.reports.find((r) => r.title.includes("West Mosul"));
    expect(askParams(corpus, { question: "q", source: west?.title.toUpperCase() }).source).toBe(west?.id);
  });

  it("offer at most 25 sources, filtered by what was typed, within Discord's choice limits", () => {
    expect(sourceChoices(corpus, "").length).toBe(corpus.reports.length);
    const west = sourceChoices(corpus, "WEST");
    expect(west).toHaveLength(1);
    for (const choice of sourceChoices(corpus, "")) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it("shorten long titles into choice names without splitting a character", () => {
    // 120 UTF-16 units of emoji; the cut for an undated report falls on an odd index.
    const title = "\u{1F4F0}".repeat(60);
    const fake = { reports: [{ id: "r", file: "r.txt", title, date: null, contentHash: "h" }] } as unknown as Corpus;
    const [choice] = sourceChoices(fake, "");
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name).toMatch(/… · undated$/);
    expect(choice?.name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("round-trip through the compact button state", () => {
    const params = { question: "q", since: null, until: "2017-06-30", source: null };
    expect(encodeAskState(params)).toEqual(["q", null, "2017-06-30"]);
    expect(decodeAskState(encodeAskState(params))).toEqual(params);
    expect(decodeAskState({ q: 1 })).toBeNull();
  });
});

describe("messages addressed to the bot", () => {
  it("needs an explicit mention in a server, anything goes in DMs", () => {
    expect(questionIn("<@42> How many fled?", "42", true)).toBe("How many fled?");
    expect(questionIn("How many <@!42> fled?", "42", true)).toBe("How many fled?");
    expect(questionIn("<@43> How many fled?", "42", true)).toBeNull();
    expect(questionIn("How many fled?", "42", false)).toBe("How many fled?");
    expect(questionIn("<@42>", "42", true)).toBe("");
  });
});

describe("error boundary", () => {
  function capture() {
    const lines: string[] = [];
    return { lines, logger: createLogger("debug", { write: (l: string) => lines.push(l) }) };
  }

  it("maps user errors to their message and everything else to a logged generic one, secrets removed", async () => {
    const redact = makeRedactor(["super.secret.token-value"]);
    const { lines, logger } = capture();
    const told: string[] = [];
    const tell = async (m: string) => {
      told.push(m);
    };
    await guard(logger, redact, async () => Promise.reject(new ExpiredError("ask")), tell);
    await guard(logger, redact, async () => Promise.reject(new QuestionError("too long")), tell);
    const crash = Object.assign(new Error("PATCH failed with super.secret.token-value"), {
      url: "https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original",
      status: 500,
    });
    await guard(logger, redact, async () => Promise.reject(crash), tell);
    expect(told).toEqual(["This result has expired — run /ask again.", "too long", GENERIC_ERROR_MESSAGE]);
    const logged = lines.join("");
    expect(logged).not.toContain("super.secret.token-value");
    expect(logged).not.toContain("aW50ZXJhY3Rpb24tdG9rZW4");
    expect(logged).toContain("/webhooks/123/[redacted]/messages/@original");
    expect(userMessageOf(new Error("x"))).toBeNull();
    expect(errorForLog("plain", redact)).toEqual({ message: "plain" });
  });

  it("never throws when the error cannot be delivered", async () => {
    const { lines, logger } = capture();
    await guard(
      logger,
      (t) => t,
      async () => Promise.reject(new UserError("bad date")),
      async () => Promise.reject(new Error("Unknown interaction")),
    );
    expect(lines.some((l) => l.includes("could not deliver the error message"))).toBe(true);
  });
});

/** Just enough of an interaction to watch which response method the send helper picks. */
function fakeInteraction(component = false) {
  const calls: [string, unknown][] = [];
  const interaction = {
    deferred: false,
    replied: false,
    ephemeral: null as boolean | null,
    isMessageComponent: () => component,
    async reply(o: unknown) {
      calls.push(["reply", o]);
      interaction.replied = true;
    },
    async deferReply(o: { flags?: number }) {
      calls.push(["deferReply", o]);
      interaction.deferred = true;
      interaction.ephemeral = o.flags === MessageFlags.Ephemeral;
    },
    async deferUpdate() {
      calls.push(["deferUpdate", null]);
      interaction.deferred = true;
    },
    async update(o: unknown) {
      calls.push(["update", o]);
      interaction.replied = true;
    },
    async editReply(o: unknown) {
      calls.push(["editReply", o]);
      interaction.replied = true;
    },
    async deleteReply() {
      calls.push(["deleteReply", null]);
    },
    async followUp(o: unknown) {
      calls.push(["followUp", o]);
      interaction.replied = true;
    },
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a structural stand-in for discord.js classes
  return { calls, interaction: interaction as any };
}

describe("send helper", () => {
  const answer = { embeds: [{ description: "quote" }] };
  const error = { content: "bad date", ephemeral: true };
  const names = (calls: [string, unknown][]) => calls.map(([n]) => n);

  it("replies, or edits after a defer, always without pings", async () => {
    const fresh = fakeInteraction();
    await send({ interaction: fresh.interaction }, error);
    expect(fresh.calls).toEqual([
      ["reply", { content: "bad date", flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }],
    ]);
    const deferred = fakeInteraction();
    await defer(deferred.interaction, "reply");
    await send({ interaction: deferred.interaction }, answer);
    expect(deferred.calls[1]).toEqual([
      "editReply",
      {
        content: "",
        embeds: [{ description: "quote" }],
        components: [],
        // An edit replaces the message's files too: none here, so any it had are dropped.
        files: [],
        attachments: [],
        allowedMentions: { parse: [] },
      },
    ]);
  });

  it("sends a reply's files as attachments, in new messages and in edits", async () => {
    const png = Buffer.from("\x89PNG picture");
    const data = {
      embeds: [{ description: "events" }],
      files: [{ name: "timeline.png", data: png, description: "alt" }],
    };
    for (const options of [toMessageOptions(data), toEditOptions(data)]) {
      const files = (options.files ?? []) as AttachmentBuilder[];
      expect(files.map((f) => [f.name, f.description, f.attachment])).toEqual([["timeline.png", "alt", png]]);
    }
    expect(toEditOptions(data).attachments).toEqual([]);
    expect(toMessageOptions({ content: "no files" }).files).toBeUndefined();
  });

  it("turns a public 'thinking…' into a private error by deleting it first", async () => {
    const f = fakeInteraction();
    await defer(f.interaction, "reply");
    await send({ interaction: f.interaction }, error);
    expect(names(f.calls)).toEqual(["deferReply", "deleteReply", "followUp"]);
    const after = fakeInteraction();
    await defer(after.interaction, "reply");
    await send({ interaction: after.interaction }, answer);
    await send({ interaction: after.interaction }, error);
    expect(names(after.calls)).toEqual(["deferReply", "editReply", "followUp"]);
  });

  it("updates a button's message, or edits it after a deferred update; errors go to a private follow-up", async () => {
    const direct = fakeInteraction(true);
    await send({ update: direct.interaction }, answer);
    expect(names(direct.calls)).toEqual(["update"]);
    const slow = fakeInteraction(true);
    await defer(slow.interaction, "update");
    await send({ update: slow.interaction }, answer);
    expect(names(slow.calls)).toEqual(["deferUpdate", "editReply"]);
    const failed = fakeInteraction(true);
    await defer(failed.interaction, "update");
    await send({ interaction: failed.interaction }, error);
    expect(names(failed.calls)).toEqual(["deferUpdate", "followUp"]);
    expect(failed.calls[1]?.[1]).toMatchObject({ flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  });

  it("replies to messages without pinging the author, and never marks them ephemeral", async () => {
    const sent: unknown[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a structural stand-in for discord.js Message
    const message = { reply: async (o: unknown) => sent.push(o) } as any;
    await send({ message }, error);
    expect(sent).toEqual([{ content: "bad date", allowedMentions: { parse: [], repliedUser: false } }]);
  });
});

describe("/timeline parameters", () => {
  it("takes a light or dark theme for the picture, light by default, and keeps it in the buttons' state", () => {
    expect(timelineParams({}).theme).toBe("light");
    const dark = timelineParams({ topic: "Mosul", theme: "dark" });
    expect(decodeTimelineState(encodeTimelineState(dark))).toEqual(dark);
    expect(() => timelineParams({ theme: "sepia" })).toThrow(/The theme must be light or dark, not “sepia”/);
    // Buttons saved before pictures had themes still page, in the light theme.
    expect(decodeTimelineState(["Mosul", null, null])).toEqual({
      topic: "Mosul",
      since: null,
      until: null,
      theme: "light",
    });
    expect(decodeTimelineState(["Mosul", null, null, "sepia"])).toBeNull();
  });
});

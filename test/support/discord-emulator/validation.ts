import type { JsonObject } from "./types.js";

/**
 * The subset of Discord's server-side message validation that a bot which
 * quotes long excerpts is likely to trip over. Errors use Discord's nested
 * `{ code: 50035, errors: { path: { _errors: [...] } } }` shape so discord.js
 * flattens them into the same DiscordAPIError message as production.
 */

export interface ApiError {
  status: number;
  body: JsonObject;
}

interface FieldError {
  code: string;
  message: string;
}

class FormErrors {
  private readonly root: JsonObject = {};
  count = 0;

  add(path: Array<string | number>, error: FieldError): void {
    let node = this.root;
    for (const key of path) {
      const k = String(key);
      let child = node[k];
      if (!child || typeof child !== "object" || Array.isArray(child)) {
        child = {};
        node[k] = child;
      }
      node = child;
    }
    const list = (node._errors as JsonObject[] | undefined) ?? [];
    list.push({ code: error.code, message: error.message });
    node._errors = list;
    this.count++;
  }

  toError(): ApiError | null {
    if (this.count === 0) return null;
    return { status: 400, body: { code: 50035, message: "Invalid Form Body", errors: this.root } };
  }
}

const maxLen = (n: number): FieldError => ({
  code: "BASE_TYPE_MAX_LENGTH",
  message: `Must be ${n} or fewer in length.`,
});
const required = (): FieldError => ({ code: "BASE_TYPE_REQUIRED", message: "This field is required" });

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function asObject(value: unknown): JsonObject | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : null;
}

function validateEmbeds(embeds: unknown[], errors: FormErrors): void {
  if (embeds.length > 10)
    errors.add(["embeds"], { code: "BASE_TYPE_MAX_LENGTH", message: "Must be 10 or fewer in length." });
  let total = 0;
  embeds.forEach((raw, i) => {
    const embed = asObject(raw) ?? {};
    const check = (path: Array<string | number>, value: unknown, limit: number): void => {
      const s = str(value);
      if (s === null) return;
      total += s.length;
      if (s.length > limit) errors.add(["embeds", i, ...path], maxLen(limit));
    };
    check(["title"], embed.title, 256);
    check(["description"], embed.description, 4096);
    check(["footer", "text"], asObject(embed.footer)?.text, 2048);
    check(["author", "name"], asObject(embed.author)?.name, 256);
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25)
      errors.add(["embeds", i, "fields"], { code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." });
    fields.forEach((rawField, j) => {
      const field = asObject(rawField) ?? {};
      const name = str(field.name);
      const value = str(field.value);
      if (!name) errors.add(["embeds", i, "fields", j, "name"], required());
      if (!value) errors.add(["embeds", i, "fields", j, "value"], required());
      check(["fields", j, "name"], name, 256);
      check(["fields", j, "value"], value, 1024);
    });
  });
  if (total > 6000) {
    errors.add(["embeds"], { code: "MAX_EMBED_SIZE_EXCEEDED", message: "Embed size exceeds maximum size of 6000" });
  }
}

function validateComponents(components: unknown[], errors: FormErrors): void {
  if (components.length > 5)
    errors.add(["components"], { code: "BASE_TYPE_MAX_LENGTH", message: "Must be 5 or fewer in length." });
  const seen = new Set<string>();
  components.forEach((rawRow, i) => {
    const row = asObject(rawRow) ?? {};
    if (row.type !== 1) return;
    const children = Array.isArray(row.components) ? row.components : [];
    if (children.length > 5) {
      errors.add(["components", i, "components"], {
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 5 or fewer in length.",
      });
    }
    children.forEach((rawChild, j) => {
      const child = asObject(rawChild) ?? {};
      const path = ["components", i, "components", j];
      const label = str(child.label);
      if (label !== null && label.length > 80) errors.add([...path, "label"], maxLen(80));
      const customId = str(child.custom_id);
      const isLink = child.type === 2 && (child.style === 5 || child.style === 6);
      if (!isLink && customId === null) errors.add([...path, "custom_id"], required());
      if (customId !== null) {
        if (customId.length > 100) errors.add([...path, "custom_id"], maxLen(100));
        if (seen.has(customId)) {
          errors.add([...path, "custom_id"], {
            code: "COMPONENT_CUSTOM_ID_DUPLICATED",
            message: "Component custom id cannot be duplicated",
          });
        }
        seen.add(customId);
      }
      if (child.type === 2 && child.style === 5 && !str(child.url)) errors.add([...path, "url"], required());
    });
  });
}

/** `creating` = a new message (empty bodies are rejected); edits only validate what they change. */
export function validateMessageBody(body: unknown, creating: boolean, hasFiles: boolean): ApiError | null {
  const data = asObject(body) ?? {};
  const errors = new FormErrors();
  const content = str(data.content);
  if (content !== null && content.length > 2000) errors.add(["content"], maxLen(2000));
  const embeds = Array.isArray(data.embeds) ? data.embeds : [];
  validateEmbeds(embeds, errors);
  const flags = typeof data.flags === "number" ? data.flags : 0;
  const componentsV2 = (flags & (1 << 15)) !== 0;
  const components = Array.isArray(data.components) ? data.components : [];
  if (!componentsV2) validateComponents(components, errors);
  const formError = errors.toError();
  if (formError) return formError;
  if (creating) {
    const attachments = Array.isArray(data.attachments) ? data.attachments : [];
    const stickers = Array.isArray(data.sticker_ids) ? data.sticker_ids : [];
    const empty =
      !content && embeds.length === 0 && components.length === 0 && attachments.length === 0 && stickers.length === 0;
    if (empty && !hasFiles && !data.poll) {
      return { status: 400, body: { code: 50006, message: "Cannot send an empty message" } };
    }
  }
  return null;
}

export function validateAutocompleteChoices(choices: unknown): ApiError | null {
  const errors = new FormErrors();
  const list = Array.isArray(choices) ? choices : [];
  if (list.length > 25)
    errors.add(["data", "choices"], { code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." });
  list.forEach((raw, i) => {
    const choice = asObject(raw) ?? {};
    const name = str(choice.name);
    if (!name || name.length > 100) {
      errors.add(["data", "choices", i, "name"], {
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 100 in length.",
      });
    }
    const value = choice.value;
    if (typeof value === "string" && value.length > 100) errors.add(["data", "choices", i, "value"], maxLen(100));
    if (value === undefined || value === null) errors.add(["data", "choices", i, "value"], required());
  });
  return errors.toError();
}

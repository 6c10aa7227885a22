/**
 * Shapes shared by the emulator modules. Payloads are kept as loose JSON
 * (snake_case, like the wire format) rather than discord-api-types so the
 * emulator can build exactly what Discord sends without fighting unions.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface EmulatedUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
}

export interface EmulatedRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  icon: null;
  unicode_emoji: null;
}

export interface EmulatedGuild {
  id: string;
  name: string;
  ownerId: string;
  joinedAt: string;
  roles: EmulatedRole[];
  channelIds: string[];
}

export interface PermissionOverwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export type AccessDenial = 50001 | 50013;

export interface EmulatedChannel {
  id: string;
  /** 0 = guild text, 1 = DM */
  type: 0 | 1;
  name: string | null;
  guildId: string | null;
  /** DM channels only: the user on the other side. */
  recipientId: string | null;
  position: number;
  topic: string | null;
  permissionOverwrites: PermissionOverwrite[];
  lastMessageId: string | null;
  deleted: boolean;
  denied: AccessDenial | null;
}

/** A message exactly as the emulator would return it from REST (APIMessage-shaped). */
export interface EmulatedMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: EmulatedUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: EmulatedUser[];
  mention_roles: string[];
  attachments: JsonObject[];
  embeds: JsonObject[];
  components: JsonObject[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  message_reference?: JsonObject;
  interaction_metadata?: JsonObject;
  [key: string]: unknown;
}

/** A file part of a multipart request, as received. */
export interface RecordedFile {
  /** The form field, `files[n]`. */
  field: string;
  name: string;
  size: number;
  contentType: string;
  bytes: Buffer;
}

export interface RecordedRequest {
  /** Monotonic index, handy for "requests after X" filters. */
  seq: number;
  at: number;
  method: string;
  /** Path below /api/v10, percent-decoded per segment (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  /** Path as it arrived on the wire (below /api/v10), not decoded. */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Whether a valid `Authorization: Bot <token>` header was present. */
  authorized: boolean;
  /** Parsed JSON body, `payload_json` of a multipart body, or null. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  /** JSON returned to the client (null for 204). */
  response: unknown;
  /** Route name the emulator matched, or null when it fell through to 404. */
  route: string | null;
  /** Set when the response came from a `failNext` rule. */
  injectedFailure: boolean;
}

/** Which requests a hold applies to. */
export interface HoldRule {
  method?: string;
  /** Matched against the decoded path below /api/v10; strings match as substrings. */
  pathPattern: string | RegExp;
}

export interface ResponseHold {
  /** The first request held. */
  first: Promise<RecordedRequest>;
  /** Answers the held requests and holds no more. */
  release(): void;
}

export interface FailRule extends HoldRule {
  status: number;
  /** Seconds; for 429 responses. */
  retryAfter?: number;
  global?: boolean;
  /** Discord JSON error code for non-429 failures (e.g. 50013). */
  code?: number;
  message?: string;
  /** How many matching requests to fail (default 1). */
  times?: number;
}

export type InteractionKind = "command" | "autocomplete" | "button";

export interface InteractionEvent {
  kind: "callback" | "edit_original" | "delete_original" | "followup" | "edit_followup" | "delete_followup";
  at: number;
  /** Callback type for `callback` events. */
  callbackType?: number;
  messageId?: string;
  body: unknown;
}

export interface InteractionView {
  acknowledged: boolean;
  callbackType: number | null;
  /** True while the user still sees "<bot> is thinking…". */
  thinking: boolean;
  ephemeral: boolean;
  /** Latest state of the original response (or, for components, the message the component sits on). */
  original: EmulatedMessage | null;
  followups: EmulatedMessage[];
  autocompleteChoices: JsonObject[] | null;
}

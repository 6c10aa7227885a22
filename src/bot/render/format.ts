import type { APIActionRowComponent, APIButtonComponent } from "discord.js";
import { ButtonStyle, ComponentType } from "discord.js";
import type { Corpus } from "../../corpus/types.js";
import { describePeriod } from "../../temporal/index.js";
import { buildCustomId, customIdOrNull } from "../custom-id.js";
import { quoteUserInput } from "./markdown.js";

/** Pieces shared by the response builders. */

export const EMBED_COLOR = 0x3b6ea5;
/** Room kept free in a description for the header and separators, below Discord's 4096. */
export const DESCRIPTION_BUDGET = 4000;

/** A report title for inline use: one line, escaped, at most `max` characters before escaping. */
export function titleText(title: string, max = 150): string {
  return quoteUserInput(title, max);
}

export function rangeLine(since: string | null, until: string | null, phrase: string | null = null): string | null {
  if (!since && !until) return null;
  const from = phrase ? ` (from “${quoteUserInput(phrase, 120)}”)` : "";
  // A phrase in the question only prefers its period; the since/until options filter.
  return `${phrase ? "Preferring reports" : "Reports"} published ${describePeriod(since, until)}${from}`;
}

/** Everything a builder needs to make its buttons' custom ids. */
export interface ButtonIds {
  issuedAt: number;
  /** Query state token (see ButtonStateStore.put); empty for commands without a query. */
  state: string;
  /** `corpusTag(corpus)`: context buttons refuse to open passages of another corpus. */
  corpusTag: string;
}

/** First characters of the corpus hash; the one definition for the buttons that carry it and the check that reads it. */
export function corpusTag(corpus: Pick<Corpus, "hash">): string {
  return corpus.hash.slice(0, 10);
}

export function pagerRow(
  command: string,
  page: number,
  pages: number,
  ids: ButtonIds,
): APIActionRowComponent<APIButtonComponent> | null {
  if (pages <= 1) return null;
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: buildCustomId({ command, action: "p", issuedAt: ids.issuedAt, arg: String(target), state: ids.state }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [button("◀ Previous", Math.max(0, page - 1), page <= 0), button("Next ▶", page + 1, page >= pages - 1)],
  };
}

/** "Show context" buttons, one per quote on the page, numbered like the quotes. */
export function contextRow(
  command: string,
  refs: { n: number; first: number; last: number }[],
  ids: ButtonIds,
): APIActionRowComponent<APIButtonComponent> | null {
  if (refs.length === 0) return null;
  const seen = new Set<string>();
  const components: APIButtonComponent[] = [];
  for (const ref of refs.slice(0, 5)) {
    const arg = `${ref.first}-${ref.last}`;
    if (seen.has(arg) || !Number.isSafeInteger(ref.first) || !Number.isSafeInteger(ref.last)) continue;
    seen.add(arg);
    const custom_id = customIdOrNull({ command, action: "c", issuedAt: ids.issuedAt, arg, state: ids.corpusTag });
    if (custom_id === null) continue;
    components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `Show context ${ref.n}`,
      custom_id,
    });
  }
  return components.length > 0 ? { type: ComponentType.ActionRow, components } : null;
}

export function pageFooter(page: number, pages: number, extra: string): string {
  return pages > 1 ? `Page ${page + 1}/${pages} · ${extra}` : extra;
}

export function clampPage(page: number, pages: number): number {
  return Math.min(Math.max(0, Math.floor(page)), Math.max(0, pages - 1));
}

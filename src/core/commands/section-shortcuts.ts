import { KNOWN_SECTIONS } from "../../domain/sections.ts";
import { optionalDate } from "../args.ts";
import { defineCommand } from "../registry.ts";
import type { RegisteredCommand } from "../types.ts";
import { showSection } from "./section.ts";

const HAN = /\p{Script=Han}/u;
const SLASH_NAME = /^[a-z0-9_]{1,32}$/;
/** Words another command owns: `today` is an alias of the lead but `/today` is the overview. */
const TAKEN = new Set(["today"]);

/**
 * One command per known section: `/crossborder` (and `/cb`), and its Chinese words as keywords
 * (`跨境`, `跨境快报`). Generated from the section table so a new known section gets its shortcuts.
 */
export const sectionShortcuts: RegisteredCommand[] = KNOWN_SECTIONS.map((known) => {
  const words = [...known.aliases, ...known.headers.zh];
  const aliases = [...new Set(words.map((w) => w.toLowerCase()))].filter(
    (w) => SLASH_NAME.test(w) && w !== known.key && !TAKEN.has(w),
  );
  const keywords = [...new Set(words.filter((w) => HAN.test(w)))];
  return defineCommand({
    name: known.key,
    aliases,
    keywords,
    // `跨境 1月8日` asks for an older issue's section; anything else after the word is chatter.
    keywordTakesArgs: true,
    where: ["group", "private"],
    usage: "usage.section",
    args: optionalDate,
    run: (ctx, date) => showSection(ctx, known.key, date),
  });
});

import type { Edition, Headline } from "../domain/issue.ts";
import { IngestError, quoteInput } from "./errors.ts";
import { splitNumberedRun } from "./numbered.ts";

/** What line 1 (`#Hashtag# [title] 1. lead; 2. lead.`) says. */
export interface TitleLine {
  hashtag?: string;
  title: string;
  edition: Edition;
  headlines: Headline[];
  /** The raw lead after the title, which a wrapped line may continue. */
  lead: string;
}

const HASHTAG = /^[#＃]\s*([^#＃\n]+?)\s*[#＃]\s*/;
/** Opening and closing brackets editors put around the title, half- and full-width. */
const BRACKETS: Record<string, string> = { "[": "]", "【": "】", "［": "］", "〔": "〕", "〖": "〗" };

export const TITLE_LINE_SHAPE = '"#Hashtag# [date ...] 1. ...; 2. ..."';

/** A morning edition says so in its title; everything else is the evening issue. */
export function editionOfTitle(title: string): Edition {
  return /morning|早报|早间|早读/i.test(title.normalize("NFKC")) ? "morning" : "evening";
}

/**
 * Reads the title line. The hashtag is optional when the title is bracketed; with a hashtag and no
 * brackets the title is the text before the lead's first number.
 */
export function parseTitleLine(text: string, lineNo: number): TitleLine {
  const leading = HASHTAG.exec(text);
  const hashtag = leading?.[1]?.trim() || undefined;
  const rest = leading ? text.slice(leading[0].length) : text;
  const open = rest[0];
  const close = open === undefined ? undefined : BRACKETS[open];
  let title: string;
  let lead: string;
  if (close !== undefined) {
    const end = rest.indexOf(close, 1);
    if (end < 0) throw titleError(text, lineNo, `the title's bracket ${open} is never closed`);
    title = rest.slice(1, end).trim();
    lead = rest.slice(end + 1);
  } else if (hashtag) {
    const first = /(^|\s|[:：])(?:1|１)\s*[.．、]/.exec(rest);
    title = (first ? rest.slice(0, first.index) : rest).replace(/[\s:：]+$/, "").trim();
    lead = first ? rest.slice(first.index) : "";
  } else {
    throw titleError(text, lineNo);
  }
  if (!title) throw titleError(text, lineNo, "the title is empty");
  let tagAfter: string | undefined;
  if (!hashtag) {
    // `【1月8日电商晚报】#老高电商快报# 1.…`: the hashtag may follow the title.
    const late = HASHTAG.exec(lead.trimStart());
    if (late) {
      tagAfter = late[1]?.trim();
      lead = lead.trimStart().slice(late[0].length);
    }
  }
  lead = lead.replace(/^[\s:：]+/, "");
  const headlines = splitNumberedRun(lead).map((h) => ({ n: h.n, text: h.text }));
  const tag = hashtag ?? tagAfter;
  return { ...(tag ? { hashtag: tag } : {}), title, edition: editionOfTitle(title), headlines, lead };
}

function titleError(text: string, lineNo: number, why?: string): IngestError {
  const detail = why ? ` (${why})` : "";
  return new IngestError(
    `line ${lineNo}: expected the title line ${TITLE_LINE_SHAPE}, got ${quoteInput(text)}${detail}`,
    { line: lineNo },
  );
}

import type { Edition, Headline } from "../domain/issue.ts";
import { sectionForHeader } from "../domain/sections.ts";
import { titleDate } from "./date.ts";
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
/** `#老高电商快报 【…】`: the closing # forgotten, the title's bracket ends the hashtag. */
const UNCLOSED_HASHTAG = /^[#＃]\s*([^#＃\n【[［〔〖]+?)\s*(?=[【[［〔〖])/;
/** Opening and closing brackets editors put around the title, half- and full-width. */
const BRACKETS: Record<string, string> = { "[": "]", "【": "】", "［": "］", "〔": "〕", "〖": "〗" };

export const TITLE_LINE_SHAPE = '"#Hashtag# [date ...] 1. ...; 2. ..."';

/** A morning edition says so in its title; everything else is the evening issue. */
export function editionOfTitle(title: string): Edition {
  return /morning|早报|早间|早读/i.test(title.normalize("NFKC")) ? "morning" : "evening";
}

/**
 * Reads the title line. The hashtag is optional when the title is bracketed; without brackets the
 * title is the text before the lead's first number, accepted when it has a hashtag or reads like
 * a title (a date, 晚报, "news").
 */
export function parseTitleLine(text: string, lineNo: number): TitleLine {
  const leading = HASHTAG.exec(text) ?? UNCLOSED_HASHTAG.exec(text);
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
  } else {
    const first = /(^|\s|[:：])(?:1|１)\s*[.．、]/.exec(rest);
    title = (first ? rest.slice(0, first.index) : rest).replace(/[\s:：]+$/, "").trim();
    lead = first ? rest.slice(first.index) : "";
    // With neither hashtag nor brackets, only a line that reads like a title is taken for one.
    const readsLikeTitle =
      (titleDate(title) || /晚报|早报|快报|news/i.test(title)) && !sectionForHeader(title);
    if (!hashtag && !readsLikeTitle) throw titleError(text, lineNo);
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

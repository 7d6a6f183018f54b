import { parseText, trimKeywordPunctuation } from "../parse.ts";
import type { Incoming } from "../ports/index.ts";

/**
 * Recognises what the dialogue answers itself, in both languages and both forms (slash commands
 * and the Chinese keywords WeChat readers type): `/join` and `/cancel`. The review commands
 * (/applications, /approve, /reject, /forget and 通过 N, 拒绝 N 原因) are registered commands
 * (./commands.ts) the router runs; they are only recognised here so the dialogue leaves them alone.
 * Anything else is `text`: an answer when a dialogue is open, otherwise none of our business.
 */
export type DialogueCommand = { kind: "join" } | { kind: "cancel" };

export interface Recognised {
  command: DialogueCommand | undefined;
  /** The cleaned text (mentions stripped, full-width folded), for matching words. */
  text: string;
  /**
   * A command that is not the dialogue's (`/today`, `/approve 3`, `通过 3`) in the middle of a
   * dialogue: the router's to answer.
   */
  forRouter: boolean;
}

const JOIN_WORDS = new Set(["加入", "申请入会", "申请加入", "入会", "我要入会"]);
const CANCEL_WORDS = new Set(["取消", "取消申请", "退出", "cancel"]);

/** `通过 12`, `通过12`, `批准 12` as typed on WeChat (the width-folded text); group 1 is the number. */
export const APPROVE_KEYWORD = /^(?:通过|批准)\s*(#?\d{1,9})(?:[\s,:][\s\S]*)?$/;
/** `拒绝 12 原因`, `拒绝12，原因`; group 1 is the number and the reason. */
export const REJECT_KEYWORD = /^拒绝\s*(#?\d{1,9}(?:[\s,:][\s\S]*)?)$/;

/** `12`, `#12` (already folded) followed by the rest (`12 reason`, `12,reason`). */
const ID_AND_REST = /^#?(\d{1,9})(?:[\s,:]+([\s\S]*))?$/;

/** An application number and what follows it, or no number at all. */
export function idAndRest(args: string): { id: string | undefined; rest: string } {
  const m = ID_AND_REST.exec(args.trim());
  if (!m) return { id: undefined, rest: args.trim() };
  return { id: String(Number(m[1])), rest: (m[2] ?? "").trim() };
}

function fromSlash(name: string, args: string): DialogueCommand | undefined {
  switch (name) {
    case "join":
      return { kind: "join" };
    case "start":
      // The Telegram deep link `t.me/<bot>?start=join` arrives as `/start join`.
      return args.toLowerCase() === "join" ? { kind: "join" } : undefined;
    case "cancel":
      return { kind: "cancel" };
    default:
      return undefined;
  }
}

function fromText(text: string): DialogueCommand | undefined {
  const word = trimKeywordPunctuation(text).toLowerCase();
  if (JOIN_WORDS.has(word)) return { kind: "join" };
  if (CANCEL_WORDS.has(word)) return { kind: "cancel" };
  return undefined;
}

/**
 * The reason of a rejection as the admin typed it: recognition folds full-width punctuation
 * (NFKC), but the applicant should read the admin's own `，` and `（）`.
 */
export function rawReason(raw: string, id: string, folded: string): string {
  const m = new RegExp(`(?:拒绝|reject)(?:@\\w+)?\\s*[#＃]?0*${id}[\\s,，:：]*([\\s\\S]*)$`, "i").exec(raw);
  return m ? (m[1] ?? "").trim() : folded;
}

export function recognise(msg: Pick<Incoming, "text" | "mentionsBot" | "botUsername">): Recognised {
  const parsed = parseText(msg);
  if (parsed.kind === "foreign") return { command: undefined, text: "", forRouter: true };
  if (parsed.kind === "slash") {
    const command = fromSlash(parsed.name, parsed.args);
    const text = `/${parsed.name}${parsed.args ? ` ${parsed.args}` : ""}`;
    return { command, text, forRouter: command === undefined };
  }
  const review = APPROVE_KEYWORD.test(parsed.text) || REJECT_KEYWORD.test(parsed.text);
  return { command: review ? undefined : fromText(parsed.text), text: parsed.text, forRouter: review };
}

/** `yes`, `确认` and friends, as the summary's confirm button or typed. */
export function isConfirm(text: string): boolean {
  return /^(yes|y|ok|confirm|submit|确认|确定|是|提交|对|没问题)$/i.test(trimKeywordPunctuation(text).trim());
}

/** `edit 3`, `修改 3`, `修改3`, `改 3`: the step number to re-ask, or undefined when it is not an edit. */
export function editNumber(text: string): number | undefined {
  const m = /^(?:edit|change|修改|改)\s*#?(\d{1,2})$/i.exec(trimKeywordPunctuation(text).trim());
  return m ? Number(m[1]) : undefined;
}

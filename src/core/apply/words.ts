import { parseText, trimKeywordPunctuation } from "../parse.ts";
import type { Incoming } from "../ports/index.ts";

/**
 * Recognises this feature's commands in a message, in both languages and both forms (slash
 * commands and the Chinese keywords WeChat readers type). Anything else is `text`: an answer when a
 * dialogue is open, otherwise none of our business.
 */
export type ApplyCommand =
  | { kind: "join" }
  | { kind: "cancel" }
  | { kind: "list"; status: string }
  | { kind: "approve"; id: string | undefined }
  | { kind: "reject"; id: string | undefined; reason: string }
  | { kind: "forget"; id: string | undefined };

export interface Recognised {
  command: ApplyCommand | undefined;
  /** The cleaned text (mentions stripped, full-width folded), for matching words. */
  text: string;
  /** A slash command that is not ours (`/today` in the middle of a dialogue): the router's to answer. */
  otherSlash: boolean;
  /** Addressed to the bot: a slash command or a mention (in groups the bot ignores everything else). */
  addressed: boolean;
}

const JOIN_WORDS = new Set(["加入", "申请入会", "申请加入", "入会", "我要入会"]);
const CANCEL_WORDS = new Set(["取消", "取消申请", "退出", "cancel"]);

/** `12`, `#12`, `＃12` (already folded) followed by the rest. */
const ID_AND_REST = /^#?(\d{1,9})(?:\s+([\s\S]*))?$/;

function idAndRest(args: string): { id: string | undefined; rest: string } {
  const m = ID_AND_REST.exec(args.trim());
  if (!m) return { id: undefined, rest: args.trim() };
  return { id: String(Number(m[1])), rest: (m[2] ?? "").trim() };
}

function fromSlash(name: string, args: string): ApplyCommand | undefined {
  switch (name) {
    case "join":
      return { kind: "join" };
    case "start":
      // The Telegram deep link `t.me/<bot>?start=join` arrives as `/start join`.
      return args.toLowerCase() === "join" ? { kind: "join" } : undefined;
    case "cancel":
      return { kind: "cancel" };
    case "applications":
      return { kind: "list", status: args.toLowerCase() };
    case "approve":
      return { kind: "approve", id: idAndRest(args).id };
    case "reject": {
      const { id, rest } = idAndRest(args);
      return { kind: "reject", id, reason: rest };
    }
    case "forget":
      return { kind: "forget", id: idAndRest(args).id };
    default:
      return undefined;
  }
}

/** `通过 12`, `通过12`, `拒绝 12 原因`, `拒绝12，原因` as typed on WeChat. */
const REVIEW_KEYWORD = /^(通过|批准|拒绝)\s*#?(\d{1,9})(?:[\s,，:：]+([\s\S]*))?$/;

function fromText(text: string): ApplyCommand | undefined {
  const word = trimKeywordPunctuation(text).toLowerCase();
  if (JOIN_WORDS.has(word)) return { kind: "join" };
  if (CANCEL_WORDS.has(word)) return { kind: "cancel" };
  const m = REVIEW_KEYWORD.exec(text);
  if (m) {
    const id = String(Number(m[2]));
    if (m[1] === "拒绝") return { kind: "reject", id, reason: (m[3] ?? "").trim() };
    return { kind: "approve", id };
  }
  return undefined;
}

/**
 * The reason of a rejection as the admin typed it: recognition folds full-width punctuation
 * (NFKC), but the applicant should read the admin's own `，` and `（）`.
 */
function rawReason(raw: string, id: string | undefined, folded: string): string {
  if (!id) return folded;
  const m = new RegExp(`(?:拒绝|reject)(?:@\\w+)?\\s*[#＃]?0*${id}[\\s,，:：]*([\\s\\S]*)$`, "i").exec(raw);
  return m ? (m[1] ?? "").trim() : folded;
}

export function recognise(msg: Pick<Incoming, "text" | "mentionsBot" | "botUsername">): Recognised {
  const parsed = parseText(msg);
  const result = recogniseParsed(parsed);
  const cmd = result.command;
  if (cmd?.kind === "reject") cmd.reason = rawReason(msg.text, cmd.id, cmd.reason);
  return result;
}

function recogniseParsed(parsed: ReturnType<typeof parseText>): Recognised {
  if (parsed.kind === "foreign") return { command: undefined, text: "", otherSlash: true, addressed: false };
  if (parsed.kind === "slash") {
    const command = fromSlash(parsed.name, parsed.args);
    const text = `/${parsed.name}${parsed.args ? ` ${parsed.args}` : ""}`;
    return { command, text, otherSlash: command === undefined, addressed: true };
  }
  return {
    command: fromText(parsed.text),
    text: parsed.text,
    otherSlash: false,
    addressed: parsed.mentioned,
  };
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

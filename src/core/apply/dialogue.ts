import type { Locale } from "../../domain/locale.ts";
import type { Incoming, Reply } from "../ports/index.ts";
import { applyAnswer, completeDraft, isMissing } from "./answers.ts";
import type { ApplicationRecord, DialogueRecord, Step } from "./model.ts";
import { STEPS } from "./model.ts";
import type { ApplyRepo } from "./repo.ts";
import type { ApplySettings } from "./settings.ts";
import { askStep, say, summary } from "./views.ts";
import { editNumber, isConfirm } from "./words.ts";

/**
 * The question-and-answer part of an application: which question comes next, what an answer does
 * to the stored draft, the summary and its edits. It reads and writes the dialogue record and
 * nothing else; submitting hands a complete application back to the caller.
 */
export interface DialogueDeps {
  repo: ApplyRepo;
  settings: ApplySettings;
  now: () => Date;
}

export type DialogueOutcome =
  | { kind: "replies"; replies: Reply[] }
  /**
   * The applicant confirmed: the caller stores this application, then deletes the dialogue (in that
   * order, so a crash in between loses nothing) and tells the admins.
   */
  | { kind: "submit"; application: Omit<ApplicationRecord, "id"> };

function firstMissing(d: Pick<DialogueRecord, "draft">): Step | undefined {
  return STEPS.find((s) => isMissing(s, d.draft));
}

/** What the applicant sees for the dialogue's current step. */
export function currentQuestion(
  d: DialogueRecord,
  locale: Locale,
  lead?: Parameters<typeof askStep>[3],
): Reply {
  return d.step === "confirm" ? summary(locale, d.draft, lead) : askStep(locale, d.step, d.draft, lead);
}

/** Opens a dialogue (the caller has already checked for an open one and for the start limit). */
export async function openDialogue(deps: DialogueDeps, msg: Incoming, locale: Locale): Promise<Reply[]> {
  const at = deps.now().toISOString();
  const d: DialogueRecord = {
    id: msg.senderId,
    chatId: msg.chatId,
    platform: msg.platform,
    senderName: msg.senderName?.slice(0, 100),
    locale,
    step: "shopName",
    draft: {},
    startedAt: at,
    updatedAt: at,
  };
  await deps.repo.putDialogue(d);
  return [currentQuestion(d, locale, "intro")];
}

/**
 * Handles one answer of an open dialogue. `raw` is the text as typed (stored answers keep it);
 * `folded` is the same text width-folded, for the words `确认` / `修改 3`.
 */
export async function answer(
  deps: DialogueDeps,
  d: DialogueRecord,
  raw: string,
  folded: string,
  locale: Locale,
): Promise<DialogueOutcome> {
  const save = async (next: DialogueRecord) => {
    await deps.repo.putDialogue({ ...next, locale, updatedAt: deps.now().toISOString() });
  };

  if (d.step === "confirm") {
    if (isConfirm(folded)) {
      const done = completeDraft(d.draft);
      if (done) {
        return {
          kind: "submit",
          application: {
            status: "pending",
            applicantId: d.id,
            chatId: d.chatId,
            platform: d.platform,
            applicantName: d.senderName,
            locale,
            shopName: done.shopName,
            shopPlatform: done.platform,
            shopLink: done.shopLink,
            category: done.category,
            contactName: done.contactName,
            contact: done.contact,
            createdAt: deps.now().toISOString(),
          },
        };
      }
      // A summary with a gap (a stored draft edited by hand): ask what is missing.
      const step = firstMissing(d) ?? "shopName";
      const next = { ...d, step };
      await save(next);
      return { kind: "replies", replies: [currentQuestion(next, locale)] };
    }
    const n = editNumber(folded);
    if (n !== undefined) {
      const step = STEPS[n - 1];
      if (!step) return { kind: "replies", replies: [say(locale, "summary.badEdit")] };
      const next: DialogueRecord = { ...d, step };
      await save(next);
      return { kind: "replies", replies: [currentQuestion(next, locale)] };
    }
    await save(d);
    return { kind: "replies", replies: [currentQuestion(d, locale, "summary.again")] };
  }

  // `修改 2` in the middle of the questions goes back to an answered step; the next valid answer
  // then leads back to the first unanswered question, i.e. where the applicant was.
  const back = editNumber(folded);
  const backTo = back === undefined ? undefined : STEPS[back - 1];
  if (backTo && backTo !== d.step && !isMissing(backTo, d.draft)) {
    const next: DialogueRecord = { ...d, step: backTo };
    await save(next);
    return { kind: "replies", replies: [currentQuestion(next, locale)] };
  }

  const result = applyAnswer(d.step, raw, d.draft);
  if (!result.ok) {
    // A wrong answer still counts as activity: the applicant is there, just not understood.
    await save(d);
    return { kind: "replies", replies: [currentQuestion(d, locale, result.problem)] };
  }
  const draft = result.value;
  // Next is the first unanswered question; after an edit that is usually none, i.e. the summary.
  // (Changing the platform away from `other` can make a skipped link required again.)
  const step = firstMissing({ draft }) ?? "confirm";
  const next: DialogueRecord = { ...d, draft, step };
  await save(next);
  return { kind: "replies", replies: [currentQuestion(next, locale)] };
}

/** Whether a dialogue has been idle longer than the configured time. */
export function isIdle(d: DialogueRecord, now: Date, settings: ApplySettings): boolean {
  return now.getTime() - Date.parse(d.updatedAt) >= settings.idleMinutes * 60_000;
}

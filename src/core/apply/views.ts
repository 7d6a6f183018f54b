import type { Locale } from "../../domain/locale.ts";
import { type Block, type Button, type Reply, textReply } from "../ports/index.ts";
import { type ApplyKey, type ApplyParams, type Tr, translator } from "./i18n.ts";
import {
  type ApplicationRecord,
  type ApplicationStatus,
  type Draft,
  SHOP_PLATFORMS,
  STEPS,
  type Step,
} from "./model.ts";

/**
 * Builds the feature's replies as platform-neutral blocks. Button `data` is always either a command
 * line or an answer the dialogue understands, so a platform without buttons can show it as the
 * text to send (`keyword` picks the shortest thing to type on WeChat, e.g. `1` for the platform).
 */

export function say(locale: Locale, key: ApplyKey, params?: ApplyParams, buttons?: Button[][]): Reply {
  return textReply(translator(locale)(key, params), { buttons, locale });
}

const ASK: Record<Step, ApplyKey> = {
  shopName: "ask.shopName",
  platform: "ask.platform",
  shopLink: "ask.shopLink",
  category: "ask.category",
  contactName: "ask.contactName",
  contact: "ask.contact",
};

const FIELD: Record<Step, ApplyKey> = {
  shopName: "field.shopName",
  platform: "field.platform",
  shopLink: "field.shopLink",
  category: "field.category",
  contactName: "field.contactName",
  contact: "field.contact",
};

function cancelButton(t: Tr): Button {
  return { text: t("button.cancel"), data: t("word.cancel") };
}

/** One question: an optional lead-in (`problem` for a re-ask), the question, its buttons. */
export function askStep(locale: Locale, step: Step, draft: Draft, lead?: ApplyKey): Reply {
  const t = translator(locale);
  const blocks: Block[] = [];
  if (lead) blocks.push({ kind: "paragraph", text: t(lead) });
  const optionalLink = step === "shopLink" && draft.platform === "other";
  const question = optionalLink ? t("ask.shopLinkOptional") : t(ASK[step]);
  blocks.push({ kind: "paragraph", text: t("progress", { n: STEPS.indexOf(step) + 1, question }) });
  const rows: Button[][] = [];
  if (step === "platform") {
    const buttons = SHOP_PLATFORMS.map((p, i) => {
      const name = t(`platform.${p}`);
      return { text: name, data: name, keyword: String(i + 1) };
    });
    rows.push(buttons.slice(0, 3), buttons.slice(3));
  }
  if (optionalLink) rows.push([{ text: t("button.skip"), data: t("word.skip") }]);
  rows.push([cancelButton(t)]);
  return { blocks, buttons: rows, locale };
}

export function platformName(locale: Locale, platform: string): string {
  const key = `platform.${platform}` as ApplyKey;
  return (SHOP_PLATFORMS as readonly string[]).includes(platform) ? translator(locale)(key) : platform;
}

function answerText(step: Step, draft: Draft, locale: Locale, t: Tr): string {
  switch (step) {
    case "platform":
      return draft.platform ? platformName(locale, draft.platform) : t("field.none");
    case "shopLink":
      return draft.shopLink ?? t("field.none");
    case "contact":
      return draft.contact ? draft.contact.value : t("field.none");
    default:
      return draft[step] ?? t("field.none");
  }
}

/** The numbered summary the applicant confirms; numbers match `edit N`. */
export function summary(locale: Locale, draft: Draft, lead?: ApplyKey): Reply {
  const t = translator(locale);
  const blocks: Block[] = [];
  if (lead) blocks.push({ kind: "paragraph", text: t(lead) });
  blocks.push({ kind: "heading", text: t("summary.heading") });
  blocks.push({
    kind: "list",
    ordered: true,
    items: STEPS.map((s) => t("field.line", { field: t(FIELD[s]), value: answerText(s, draft, locale, t) })),
  });
  const edits: Button[] = STEPS.map((s, i) => ({
    text: t("button.edit", { field: t(FIELD[s]) }),
    data: `${t("word.edit")} ${i + 1}`,
  }));
  return {
    blocks,
    buttons: [
      [{ text: t("button.confirm"), data: t("word.confirm") }, cancelButton(t)],
      edits.slice(0, 3),
      edits.slice(3),
    ],
    locale,
  };
}

export function statusName(locale: Locale, status: ApplicationStatus): string {
  return translator(locale)(`statusName.${status}`);
}

/**
 * An application as admins see it. `withPersonal` is false for anything posted in a group: the
 * contact name and phone / WeChat ID then stay out and a note says where to find them.
 */
export function applicationBlocks(a: ApplicationRecord, locale: Locale, withPersonal: boolean): Block[] {
  const t = translator(locale);
  const line = (field: ApplyKey, value: string | null | undefined) =>
    t("field.line", { field: t(field), value: value ?? t("field.none") });
  const lines = [
    line("field.shopName", a.shopName),
    line("field.platform", platformName(locale, a.shopPlatform)),
    line("field.shopLink", a.shopLink),
    line("field.category", a.category),
  ];
  if (withPersonal) {
    lines.push(line("field.contactName", a.contactName));
    lines.push(line("field.contact", a.contact?.value));
  }
  const blocks: Block[] = [{ kind: "list", items: lines }];
  if (!withPersonal && (a.contactName || a.contact))
    blocks.push({ kind: "note", text: t("admin.contactHidden") });
  return blocks;
}

/** The notice every admin gets for a new application, with Approve / Reject buttons. */
export function adminNotice(a: ApplicationRecord, locale: Locale, withPersonal: boolean): Reply {
  const t = translator(locale);
  const zh = locale === "zh-CN";
  const blocks: Block[] = [
    { kind: "heading", text: t("admin.new", { id: a.id }) },
    ...applicationBlocks(a, locale, withPersonal),
  ];
  // Who applied (their name and id) is personal too: only in private.
  if (withPersonal) {
    const who = a.applicantName ? `${a.applicantName} (${a.applicantId})` : a.applicantId;
    blocks.push({ kind: "note", text: t("admin.from", { who }) });
  }
  // The buttons say how to review (as typed commands on WeChat); this line is for typing on Telegram.
  blocks.push({ kind: "note", text: t("admin.howToReview", { id: a.id }) });
  return {
    blocks,
    buttons: [
      [
        {
          text: t("admin.approveButton"),
          data: `/approve ${a.id}`,
          keyword: zh ? `通过 ${a.id}` : `/approve ${a.id}`,
        },
        {
          text: t("admin.rejectButton"),
          data: `/reject ${a.id}`,
          keyword: zh ? `拒绝 ${a.id} 原因` : `/reject ${a.id} reason`,
        },
      ],
    ],
    locale,
  };
}

/** The `/applications` listing: one line per application, newest first. */
export function listing(
  apps: ApplicationRecord[],
  status: ApplicationStatus,
  locale: Locale,
  withPersonal: boolean,
  max = 20,
): Reply {
  const t = translator(locale);
  const name = statusName(locale, status);
  if (apps.length === 0) return say(locale, "list.empty", { status: name });
  const shown = apps.slice(0, max);
  const items = shown.map((a) => {
    const parts = [
      `#${a.id}`,
      a.shopName,
      platformName(locale, a.shopPlatform),
      a.category,
      a.createdAt.slice(0, 10),
    ];
    if (withPersonal && (a.contactName || a.contact))
      parts.push(`${a.contactName ?? ""} ${a.contact?.value ?? ""}`.trim());
    if (a.status === "rejected" && a.rejectReason) parts.push(a.rejectReason);
    return parts.join(" · ");
  });
  const blocks: Block[] = [
    { kind: "heading", text: t("list.heading", { status: name, count: apps.length }) },
    { kind: "list", items },
  ];
  if (apps.length > shown.length)
    blocks.push({ kind: "note", text: t("list.more", { shown: shown.length }) });
  if (!withPersonal && status === "pending") blocks.push({ kind: "note", text: t("admin.contactHidden") });
  return { blocks, locale };
}

import type { Config } from "../../config.ts";
import type { Locale } from "../../domain/locale.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/store.ts";
import { appendAudit } from "../audit.ts";
import { isListedAdmin, isPaperboyAdmin } from "../permissions.ts";
import type { Button, Incoming, PlatformDirectory, Reply } from "../ports/index.ts";
import { translator } from "./i18n.ts";
import { maskContact, maskSender, safeError } from "./mask.ts";
import { APPLICATIONS, type ApplicationRecord, ApplicationStatus, FORGOTTEN } from "./model.ts";
import type { ApplyRepo } from "./repo.ts";
import { adminNotice, listing, say, statusName } from "./views.ts";

/**
 * Everything after the applicant presses "submit": storing the application, telling the admins,
 * and the admins' review (approve with an invite, reject with a reason, list, forget). Every review
 * command is checked against the admin list on every call and written to the audit log: by the
 * router for the registered commands (./commands.ts), by `gate` here for the rest.
 */

/** What the app provides so the module can reach people outside the current chat. */
export interface Outbox {
  send(chatId: string, reply: Reply): Promise<void>;
}

/**
 * Platform capabilities for bringing an approved applicant into a club chat. Both take namespaced
 * ids. For a chat whose platform cannot do it, a capability throws `InviteUnsupported`: the module
 * then tries the other one, and finally tells the applicant an admin will add them. Any other
 * error counts as a failed invite, which the reviewing admin is told about.
 */
export class InviteUnsupported extends Error {
  constructor(message = "this chat's platform cannot do that") {
    super(message);
    this.name = "InviteUnsupported";
  }
}

export interface Invites {
  /** A one-use, expiring invite link to the club chat (platforms with `inviteLinks`). */
  createInviteLink?(clubChatId: string): Promise<string>;
  /** Adds the applicant (their private chat id) to the club room directly (platforms with `addToGroup`). */
  addToRoom?(clubChatId: string, userChatId: string): Promise<void>;
}

export interface ReviewDeps {
  store: Store;
  repo: ApplyRepo;
  config: Config;
  platforms: Pick<PlatformDirectory, "isGroup">;
  log: Logger;
  now: () => Date;
  outbox: Outbox;
  invites?: Invites;
}

const MAX_REASON = 300;

/** A group (where personal data is never shown) or a private chat, from the stored chat or the id's shape. */
export async function isGroupChat(
  store: Store,
  platforms: Pick<PlatformDirectory, "isGroup">,
  chatId: string,
): Promise<boolean> {
  const known = await store.getChat(chatId);
  if (known) return known.kind !== "private";
  return platforms.isGroup(chatId);
}

/** The language to write to a chat in: its own setting, else the publisher's default. */
export async function localeOfChat(store: Store, config: Config, chatId: string): Promise<Locale> {
  return (await store.getChat(chatId))?.locale ?? config.locale;
}

async function sendQuietly(deps: ReviewDeps, chatId: string, reply: Reply, what: string): Promise<boolean> {
  try {
    await deps.outbox.send(chatId, reply);
    return true;
  } catch (err) {
    deps.log.warn(
      { err: safeError(err, chatId), chat: maskSender(chatId), what },
      "apply: a message could not be sent",
    );
    return false;
  }
}

/** Stores a confirmed application under a fresh number. */
export async function saveApplication(
  deps: ReviewDeps,
  draft: Omit<ApplicationRecord, "id">,
): Promise<ApplicationRecord> {
  const application: ApplicationRecord = { ...draft, id: await deps.repo.nextApplicationId() };
  await deps.repo.putApplication(application);
  deps.log.info(
    {
      applicationId: application.id,
      applicant: maskSender(application.applicantId),
      contactMasked: maskContact(application.contact),
      shopPlatform: application.shopPlatform,
    },
    "apply: application submitted",
  );
  return application;
}

/** Tells every admin (PAPERBOY_ADMINS in private, and the admin chat) about a new application. */
export async function announce(deps: ReviewDeps, application: ApplicationRecord): Promise<void> {
  const targets = [
    ...new Set([...deps.config.admins, ...(deps.config.adminChat ? [deps.config.adminChat] : [])]),
  ];
  for (const target of targets) {
    const group = await isGroupChat(deps.store, deps.platforms, target);
    const locale = await localeOfChat(deps.store, deps.config, target);
    await sendQuietly(deps, target, adminNotice(application, locale, !group), "admin notice");
  }
}

type Gate = { ok: true } | { ok: false; reply: Reply };

/** Checks (on every call) that the sender is a paperboy admin, and writes the audit record either way. */
export async function gate(
  deps: ReviewDeps,
  msg: Incoming,
  what: string,
  locale: Locale,
  opts: { listedOnly?: boolean } = {},
): Promise<Gate> {
  // Deleting an applicant's data is for the admins listed by id, not every member of the admin chat.
  const allowed = opts.listedOnly ? isListedAdmin(msg, deps.config) : isPaperboyAdmin(msg, deps.config);
  await appendAudit(deps.store, {
    at: deps.now().toISOString(),
    who: msg.senderId,
    senderName: msg.senderName,
    chatId: msg.chatId,
    what,
    allowed,
    outcome: allowed ? undefined : "not an admin",
  });
  if (allowed) return { ok: true };
  deps.log.info({ who: maskSender(msg.senderId), what }, "apply: refused a review command from a non-admin");
  return { ok: false, reply: say(locale, "review.notAdmin") };
}

/** Finds a pending application or explains why it cannot be reviewed. */
async function pendingOrProblem(
  deps: ReviewDeps,
  id: string,
  locale: Locale,
): Promise<{ app: ApplicationRecord } | { reply: Reply }> {
  const app = await deps.repo.getApplication(id);
  if (!app) return { reply: say(locale, "review.notFound", { id }) };
  if (app.status !== "pending") {
    return { reply: say(locale, "review.alreadyDone", { id, status: statusName(locale, app.status) }) };
  }
  return { app };
}

/** Marks an application reviewed under the store lock; undefined when someone else got there first. */
async function decide(
  deps: ReviewDeps,
  id: string,
  msg: Incoming,
  change: Partial<ApplicationRecord>,
): Promise<ApplicationRecord | undefined> {
  const { after } = await deps.repo.updateApplication(id, (cur) =>
    cur.status === "pending"
      ? { ...cur, ...change, reviewedAt: deps.now().toISOString(), reviewedBy: msg.senderId }
      : undefined,
  );
  return after;
}

/** Brings an approved applicant into the club chats of their platform, as the platform allows. */
async function invite(
  deps: ReviewDeps,
  app: ApplicationRecord,
): Promise<{ outcome: "link" | "room" | "manual" | "failed"; links: string[] }> {
  const clubs = deps.config.clubChats.filter((c) => c.startsWith(`${app.platform}:`));
  const links: string[] = [];
  let added = false;
  // Failures are kept until the end: one that another capability made up for is not worth a warning.
  const failures: { what: string; club: string; err: ReturnType<typeof safeError> }[] = [];
  const attempt = async <T>(what: string, club: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof InviteUnsupported)) failures.push({ what, club, err: safeError(err, app.chatId) });
      return undefined;
    }
  };
  for (const club of clubs) {
    const create = deps.invites?.createInviteLink?.bind(deps.invites);
    const link = create ? await attempt("invite link", club, () => create(club)) : undefined;
    if (link) {
      links.push(link);
      continue;
    }
    const add = deps.invites?.addToRoom?.bind(deps.invites);
    if (add && app.chatId) {
      const ok = await attempt("add to room", club, async () => {
        await add(club, app.chatId);
        return true;
      });
      if (ok) added = true;
    }
  }
  const invited = links.length > 0 || added;
  for (const f of failures) {
    deps.log[invited ? "debug" : "warn"]({ ...f, applicationId: app.id }, "apply: an invite attempt failed");
  }
  if (links.length > 0) return { outcome: "link", links };
  if (added) return { outcome: "room", links };
  return { outcome: failures.length > 0 ? "failed" : "manual", links };
}

/** `/approve N` (the router has checked and audited the admin). */
export async function approve(deps: ReviewDeps, msg: Incoming, id: string, locale: Locale): Promise<Reply> {
  const found = await pendingOrProblem(deps, id, locale);
  if ("reply" in found) return found.reply;
  const app = await decide(deps, id, msg, { status: "approved" });
  if (!app) return say(locale, "review.alreadyDone", { id, status: statusName(locale, "approved") });

  const { outcome, links } = await invite(deps, app);
  await deps.repo.updateApplication(id, (cur) => ({ ...cur, invite: outcome }));
  deps.log.info(
    { applicationId: id, reviewer: maskSender(msg.senderId), invite: outcome },
    "apply: approved",
  );

  const t = translator(app.locale);
  const blocks: Reply["blocks"] = [{ kind: "paragraph", text: t("applicant.approved", { id }) }];
  let buttons: Button[][] | undefined;
  if (outcome === "link") {
    blocks.push({ kind: "paragraph", text: t("applicant.inviteLink") });
    buttons = links.map((url) => [{ text: t("applicant.inviteButton"), url }]);
  } else if (outcome === "room") {
    blocks.push({ kind: "paragraph", text: t("applicant.addedToRoom") });
  } else {
    const name = msg.senderName
      ? app.locale === "en"
        ? ` (${msg.senderName})`
        : `「${msg.senderName}」`
      : "";
    blocks.push({ kind: "paragraph", text: t("applicant.adminWillAdd", { name }) });
  }
  const told = app.chatId
    ? await sendQuietly(deps, app.chatId, { blocks, buttons, locale: app.locale }, "approval")
    : false;

  const key =
    outcome === "link" || outcome === "room"
      ? "review.approvedInvited"
      : outcome === "failed"
        ? "review.inviteFailed"
        : "review.approvedManual";
  return withNotifyNote(say(locale, key, { id, shop: app.shopName }), told, locale);
}

/**
 * `/reject N reason` (the caller has checked and audited the admin). Without a reason nothing changes and the admin is asked for one; in a private
 * chat `askedForReason` tells the caller that the admin's next message may be taken as the reason
 * (the Reject button on Telegram sends `/reject N` alone).
 */
export async function reject(
  deps: ReviewDeps,
  msg: Incoming,
  id: string,
  reason: string,
  locale: Locale,
): Promise<{ reply: Reply; askedForReason?: boolean }> {
  const found = await pendingOrProblem(deps, id, locale);
  if ("reply" in found) return { reply: found.reply };
  const why = reason.replace(/\s+/g, " ").trim().slice(0, MAX_REASON);
  if (!why) {
    const isPrivate = msg.chatKind === "private";
    return {
      reply: say(locale, isPrivate ? "review.askReason" : "review.needReason", { id }),
      askedForReason: isPrivate,
    };
  }
  const app = await decide(deps, id, msg, { status: "rejected", rejectReason: why });
  if (!app)
    return { reply: say(locale, "review.alreadyDone", { id, status: statusName(locale, "rejected") }) };
  deps.log.info({ applicationId: id, reviewer: maskSender(msg.senderId) }, "apply: rejected");
  const told = app.chatId
    ? await sendQuietly(
        deps,
        app.chatId,
        say(app.locale, "applicant.rejected", { id, reason: why }),
        "rejection",
      )
    : false;
  return { reply: withNotifyNote(say(locale, "review.rejected", { id, shop: app.shopName }), told, locale) };
}

function withNotifyNote(reply: Reply, told: boolean, locale: Locale): Reply {
  if (told) return reply;
  return {
    ...reply,
    blocks: [...reply.blocks, { kind: "note", text: translator(locale)("review.notifyFailed") }],
  };
}

const STATUS_WORDS: Record<string, ApplicationStatus> = {
  "": "pending",
  待审核: "pending",
  已通过: "approved",
  通过: "approved",
  未通过: "rejected",
  拒绝: "rejected",
  已拒绝: "rejected",
  已撤回: "withdrawn",
  撤回: "withdrawn",
};

/** `/applications [status]` (the router has checked and audited the admin). */
export async function list(
  deps: ReviewDeps,
  msg: Incoming,
  rawStatus: string,
  locale: Locale,
): Promise<Reply> {
  const parsed = ApplicationStatus.safeParse(rawStatus.trim());
  const status = parsed.success ? parsed.data : STATUS_WORDS[rawStatus.trim()];
  if (!status) return say(locale, "list.usage");
  const apps = (await deps.repo.listApplications()).filter((a) => a.status === status);
  const inGroup = msg.chatKind !== "private";
  return listing(apps, status, locale, !inGroup);
}

/** Removes the personal data from an application; a pending one is withdrawn (nobody is left to answer). */
function scrub(app: ApplicationRecord, at: string): ApplicationRecord {
  const { contactName: _n, contact: _c, applicantName: _a, ...rest } = app;
  return {
    ...rest,
    applicantId: FORGOTTEN,
    chatId: "",
    status: app.status === "pending" ? "withdrawn" : app.status,
    forgottenAt: at,
  };
}

/**
 * `/forget` from the applicant: their open dialogue and every personal detail in their applications.
 * The reply says only what was actually done: a half-filled dialogue dropped, details deleted from
 * which applications, which pending ones were withdrawn, or that nothing was stored at all.
 */
export async function forgetSelf(deps: ReviewDeps, msg: Incoming, locale: Locale): Promise<Reply> {
  const hadDialogue = await deps.repo.deleteDialogue(msg.senderId);
  await deps.repo.forgetStarts(msg.senderId);
  const mine = (await deps.repo.listApplications()).filter((a) => a.applicantId === msg.senderId);
  const at = deps.now().toISOString();
  for (const a of mine) await deps.repo.updateApplication(a.id, (cur) => scrub(cur, at));
  // Backups and migration copies hold the same details: they go there too.
  await deps.store.redactBackups?.((_coll, r) => {
    const rec = r as { applicantId?: unknown; id?: unknown; senderId?: unknown };
    return rec.applicantId === msg.senderId || rec.id === msg.senderId || rec.senderId === msg.senderId;
  });
  deps.log.info(
    { who: maskSender(msg.senderId), applications: mine.map((a) => a.id) },
    "apply: forgot an applicant",
  );
  if (!hadDialogue && mine.length === 0) return say(locale, "forget.nothing");
  const t = translator(locale);
  const ids = (apps: ApplicationRecord[]) =>
    apps.map((a) => `#${a.id}`).join(locale === "zh-CN" ? "、" : ", ");
  const pending = mine.filter((a) => a.status === "pending");
  const lines = [
    ...(hadDialogue ? [t("forget.dialogue")] : []),
    ...(mine.length > 0 ? [t("forget.deleted", { ids: ids(mine) })] : [t("forget.noApplication")]),
    ...(pending.length > 0 ? [t("forget.withdrawn", { ids: ids(pending) })] : []),
  ];
  return { blocks: lines.map((text) => ({ kind: "paragraph" as const, text })), locale };
}

/** `/forget 12` from an admin: the personal details of one application. */
export async function forgetById(
  deps: ReviewDeps,
  msg: Incoming,
  id: string,
  locale: Locale,
): Promise<Reply> {
  const g = await gate(deps, msg, `forget ${id}`, locale, { listedOnly: true });
  if (!g.ok) return g.reply;
  const { before } = await deps.repo.updateApplication(id, (cur) => scrub(cur, deps.now().toISOString()));
  if (!before) return say(locale, "review.notFound", { id });
  if (before.applicantId !== FORGOTTEN) await deps.repo.deleteDialogue(before.applicantId);
  await deps.store.redactBackups?.((coll, r) => coll === APPLICATIONS && (r as { id?: unknown }).id === id);
  deps.log.info({ applicationId: id, reviewer: maskSender(msg.senderId) }, "apply: forgot an application");
  return say(locale, "forget.admin", { id });
}

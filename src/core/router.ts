import { todayIn } from "../domain/today.ts";
import { appendAudit } from "./audit.ts";
import { handleChatEvent } from "./chat-events.ts";
import { pendingBroadcastAnswer } from "./commands/broadcast.ts";
import { COMMANDS } from "./commands/index.ts";
import { FloodGate } from "./flood.ts";
import { isMessageKey, type MessageKey, type Params, t } from "./i18n/index.ts";
import { replyLocale } from "./locale.ts";
import { parseText, trimKeywordPunctuation } from "./parse.ts";
import { allowedIn, isListedAdmin, isPaperboyAdmin, placeOf } from "./permissions.ts";
import { type Incoming, type Reply, textReply } from "./ports/index.ts";
import { Registry } from "./registry.ts";
import type { CommandContext, CoreDeps, RegisteredCommand, Router } from "./types.ts";

export interface RouterOptions {
  /** The commands to serve (default: commands/index.ts). */
  commands?: readonly RegisteredCommand[];
  /** Commands one sender may send per minute before the bot asks them to slow down (default 20). */
  floodLimit?: number;
  floodWindowMs?: number;
}

/** A command found in a message, with how the reader wrote it. */
interface Match {
  command: RegisteredCommand;
  args: string;
  invokedAs: string;
  viaKeyword: boolean;
}

/**
 * The platform-neutral command core. Every inbound message goes through `handle`: it decides whether
 * the message is for the bot (in groups: a known command or keyword, an @mention, a button), keeps
 * one sender from flooding, resolves the reply language, checks where and by whom a command may be
 * used (auditing admin commands), validates the arguments and runs the command. It never throws:
 * a failing command is logged and answered with an apology.
 */
export function createRouter(deps: CoreDeps, opts: RouterOptions = {}): Router {
  const { store, config, log } = deps;
  const now = deps.now ?? (() => new Date());
  const registry = new Registry(opts.commands ?? COMMANDS);
  const interceptors = deps.interceptors ?? [];
  const flood = new FloodGate(opts.floodLimit ?? 20, opts.floodWindowMs ?? 60_000);

  function findKeyword(text: string, addressed: boolean): Match | undefined {
    const withArgs = registry.byPattern(text);
    if (withArgs) return { ...withArgs, invokedAs: withArgs.command.name, viaKeyword: true };
    const whole = trimKeywordPunctuation(text);
    const exact = registry.byWord(whole);
    if (exact) return { command: exact, args: "", invokedAs: whole, viaKeyword: true };
    const space = whole.search(/\s/);
    if (space > 0) {
      const word = whole.slice(0, space);
      const command = registry.byWord(word);
      if (command?.keywordTakesArgs) {
        return { command, args: whole.slice(space).trim(), invokedAs: word, viaKeyword: true };
      }
    }
    // `订阅跨境` with no space only when the reader is clearly talking to the bot: in a group,
    // `搜索引擎真好用` is chatter, not a search for 引擎真好用.
    if (addressed) {
      const prefixed = registry.byPrefix(whole);
      if (prefixed) {
        return {
          command: prefixed.command,
          args: prefixed.rest,
          invokedAs: prefixed.keyword,
          viaKeyword: true,
        };
      }
    }
    return undefined;
  }

  async function context(msg: Incoming, match: Match | undefined, depth: number): Promise<CommandContext> {
    const chat = await store.getChat(msg.chatId);
    const locale = replyLocale(chat, msg, config);
    return {
      msg,
      store,
      config,
      log,
      platforms: deps.platforms,
      admin: deps.admin,
      applications: deps.applications,
      now,
      today: todayIn(config.tz, now()),
      locale,
      chat,
      isPaperboyAdmin: isPaperboyAdmin(msg, config),
      invokedAs: match?.invokedAs ?? "",
      viaKeyword: match?.viaKeyword ?? false,
      t: (key: MessageKey, params?: Params) => t(locale, key, params),
      dispatch: (line: string) => route({ ...msg, text: line, mentionsBot: true }, depth + 1),
      commands: registry.commands,
    };
  }

  async function run(ctx: CommandContext, match: Match, quietOnMisuse: boolean): Promise<Reply[]> {
    const { command } = match;
    const place = placeOf(ctx.msg, config);
    const here = allowedIn(command.where, place);
    // A bare keyword in a group, the bot not mentioned, for a command that is not used there: chatter.
    if (!here && quietOnMisuse) return [];
    const what = command.auditAs?.(match.args) ?? `${command.name}${match.args ? ` ${match.args}` : ""}`;
    const audit = (allowed: boolean, outcome: string) =>
      appendAudit(store, {
        at: now().toISOString(),
        who: ctx.msg.senderId,
        senderName: ctx.msg.senderName,
        chatId: ctx.msg.chatId,
        what,
        allowed,
        outcome,
      });
    // Who before where: a non-admin learns nothing about where an admin command works.
    // Admin rights are looked up on every call: removing someone from PAPERBOY_ADMINS takes effect at once.
    if (command.admin && !ctx.isPaperboyAdmin) {
      await audit(false, "refused: not an admin");
      log.warn({ who: ctx.msg.senderId, command: command.name }, "admin command refused");
      return [textReply(ctx.t("common.notAdmin"))];
    }
    if (command.listedAdminsOnly && !isListedAdmin(ctx.msg, config)) {
      await audit(false, "refused: not listed in PAPERBOY_ADMINS");
      log.warn({ who: ctx.msg.senderId, command: command.name }, "admin command refused (admin chat member)");
      return [textReply(ctx.t("common.listedAdminsOnly"))];
    }
    if (!here) {
      if (command.admin) await audit(false, "refused: not used in this chat");
      const key =
        place === "private"
          ? "common.groupOnly"
          : command.where.includes("admin-chat")
            ? "common.adminChatOnly"
            : "common.privateOnly";
      return [textReply(ctx.t(key))];
    }
    let outcome = "error";
    try {
      const result = await command.execute(ctx, match.args);
      if (!result.ok) {
        outcome = `bad arguments: ${result.problem}`;
        if (quietOnMisuse) return [];
        const problem = isMessageKey(result.problem) ? ctx.t(result.problem) : result.problem;
        const blocks: Reply["blocks"] = [{ kind: "paragraph", text: ctx.t("common.badArgs", { problem }) }];
        if (command.usage) blocks.push({ kind: "note", text: ctx.t(command.usage) });
        return [{ blocks }];
      }
      outcome = ctx.outcome ?? "done";
      return result.replies;
    } finally {
      if (command.admin) await audit(true, outcome);
    }
  }

  async function route(msg: Incoming, depth: number): Promise<Reply[]> {
    if (depth > 2) return [];
    const parsed = parseText(msg);
    if (parsed.kind === "foreign") return [];
    const inGroup = msg.chatKind !== "private";
    const mentioned = parsed.mentioned || msg.isCallback === true;
    const addressed = !inGroup || mentioned;

    let match: Match | undefined;
    if (parsed.kind === "slash") {
      const command = registry.byCommandName(parsed.name);
      if (command) match = { command, args: parsed.args, invokedAs: parsed.name, viaKeyword: false };
    } else if (parsed.text) {
      // `确认` / `yes` / `取消` right after a /broadcast preview answer it (before `取消` the command).
      const pending = await pendingBroadcastAnswer(store, msg, trimKeywordPunctuation(parsed.text));
      const command = pending ? registry.byCommandName("broadcast") : undefined;
      if (pending && command) match = { command, args: pending, invokedAs: "broadcast", viaKeyword: false };
      else match = findKeyword(parsed.text, addressed);
    }
    // In a group the bot only speaks when spoken to: a known command or keyword, a mention, a button.
    // An empty private message (a photo, a sticker) needs no answer; a bare mention gets the help.
    const empty = parsed.kind === "text" && !parsed.text;
    const forUs = match !== undefined || mentioned || (addressed && !empty);

    if (forUs && depth === 0 && !msg.localOperator) {
      const verdict = flood.check(msg.senderId, now().getTime());
      if (verdict !== "ok") {
        log.info({ who: msg.senderId, chatId: msg.chatId, verdict }, "flood limit");
        if (verdict === "silent") return [];
        const chat = await store.getChat(msg.chatId);
        const locale = replyLocale(chat, msg, config);
        return [{ ...textReply(t(locale, "common.slowDown")), locale }];
      }
    }

    // Features with a conversation of their own see the message first (a merchant's answer may
    // well be `电商`, which would otherwise be the e-commerce section).
    for (const interceptor of interceptors) {
      let taken: Reply[] | undefined;
      try {
        taken = await interceptor.handle(msg);
      } catch (err) {
        log.error({ err, chatId: msg.chatId }, "an interceptor failed; the router answers instead");
      }
      if (taken) {
        if (taken.every((r) => r.locale)) return taken;
        const locale = replyLocale(await store.getChat(msg.chatId), msg, config);
        return taken.map((r) => (r.locale ? r : { ...r, locale }));
      }
    }
    if (!forUs) return [];

    const ctx = await context(msg, match, depth);
    try {
      const replies = await answer(ctx, parsed, match, inGroup && !mentioned);
      return replies.map((r) => (r.locale ? r : { ...r, locale: ctx.locale }));
    } catch (err) {
      log.error({ err, chatId: msg.chatId, command: match?.command.name }, "a command failed");
      return [{ ...textReply(ctx.t("common.error")), locale: ctx.locale }];
    }
  }

  async function answer(
    ctx: CommandContext,
    parsed: ReturnType<typeof parseText>,
    match: Match | undefined,
    unmentionedInGroup: boolean,
  ): Promise<Reply[]> {
    if (match) return run(ctx, match, unmentionedInGroup && match.viaKeyword);
    // Addressed but not understood: a bare mention gets the help, anything else a pointer to it.
    if (parsed.kind === "text" && !parsed.text) return ctx.dispatch("/help");
    return [textReply(ctx.t("common.unknown"))];
  }

  return {
    async handle(msg) {
      try {
        return await route(msg, 0);
      } catch (err) {
        // Only reached when the store itself fails before a command runs; never crash the adapter.
        log.error({ err, chatId: msg.chatId }, "a message could not be handled");
        return msg.chatKind === "private" || msg.mentionsBot
          ? [textReply(t(config.locale, "common.error"))]
          : [];
      }
    },
    async onChatEvent(e) {
      try {
        return await handleChatEvent(e, { store, config, log });
      } catch (err) {
        log.error({ err, event: e.type }, "a chat event could not be recorded");
        return [];
      }
    },
  };
}

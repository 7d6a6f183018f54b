import type { Config } from "../config.ts";
import { parseChatId } from "../domain/chat.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { updateChat } from "./chat-record.ts";
import { t } from "./i18n/index.ts";
import type { ChatEvent, ConfiguredChat, Reply } from "./ports/index.ts";
import { humanSchedule } from "./time.ts";

/**
 * Keeps the chat records true to what the platforms report. A chat is never deleted: a removed
 * chat becomes inactive with the reason, a migrated one points at its new id.
 */
export async function handleChatEvent(
  e: ChatEvent,
  deps: { store: Store; config: Config; log: Logger },
): Promise<Reply[]> {
  const { store, config, log } = deps;
  switch (e.type) {
    case "added": {
      const prev = await store.getChat(e.chatId);
      const chat = await store.upsertChat({
        id: e.chatId,
        platform: parseChatId(e.chatId).platform,
        kind: e.chatKind,
        title: e.title,
        // Coming back after a removal starts the push again; an admin's pause stays.
        state: prev?.state === "paused" ? "paused" : "active",
        // A group that adds the bot wants the push; a person who befriends it opts in with /subscribe.
        subscribed: e.chatKind === "private" ? (prev?.subscribed ?? false) : true,
      });
      log.info({ chatId: chat.id, kind: chat.kind }, "bot added to a chat");
      // Every subscriber of a channel would read a welcome as a post: channels get the push only.
      if (e.chatKind === "channel") return [];
      const locale = chat.locale ?? config.locale;
      const schedule = humanSchedule(config.pushAt, config.tz, locale);
      const key = e.chatKind === "private" ? "welcome.private" : "welcome.group";
      return [{ blocks: [{ kind: "paragraph", text: t(locale, key, { schedule }) }], locale }];
    }
    case "removed": {
      const prev = await store.getChat(e.chatId);
      if (!prev) {
        log.info({ chatId: e.chatId, reason: e.reason }, "removed from a chat we had no record of");
        return [];
      }
      await updateChat(store, prev, { state: "inactive", inactiveReason: e.reason.slice(0, 200) });
      log.info({ chatId: prev.id, reason: e.reason }, "chat marked inactive");
      return [];
    }
    case "migrated": {
      const from = await store.getChat(e.fromChatId);
      const to = await store.getChat(e.toChatId);
      const platform = parseChatId(e.toChatId).platform;
      // The new chat carries on what the old one chose: subscription, sections, language, title, pause.
      await store.upsertChat({
        id: e.toChatId,
        platform,
        kind: to?.kind ?? from?.kind ?? "group",
        title: from?.title || to?.title || "",
        state: from ? (from.state === "paused" ? "paused" : "active") : (to?.state ?? "active"),
        subscribed: from?.subscribed ?? to?.subscribed ?? true,
        sections: from?.sections ?? to?.sections ?? "all",
        locale: from?.locale ?? to?.locale,
      });
      if (from) {
        await store.upsertChat({
          id: from.id,
          platform: from.platform,
          kind: from.kind,
          state: "inactive",
          migratedTo: e.toChatId,
          inactiveReason: "migrated",
        });
      }
      log.info({ from: e.fromChatId, to: e.toChatId }, "chat migrated");
      return [];
    }
    case "known": {
      const prev = await store.getChat(e.chatId);
      // A chat we already have keeps everything it chose; only its name may have changed.
      if (prev) {
        if (e.title && prev.title !== e.title)
          await updateChat(store, prev, { title: e.title.slice(0, 200) });
        return [];
      }
      await store.upsertChat({
        id: e.chatId,
        platform: parseChatId(e.chatId).platform,
        kind: e.chatKind,
        title: e.title.slice(0, 200),
        state: "active",
        // Nobody there asked for the push: an admin subscribes it (desk, or 订阅 in the room).
        subscribed: false,
      });
      log.info({ chatId: e.chatId }, "found a chat the bot was already in: known, not subscribed");
      return [];
    }
    case "renamed": {
      const prev = await store.getChat(e.chatId);
      if (!prev) return [];
      await updateChat(store, prev, { title: e.title.slice(0, 200) });
      return [];
    }
  }
}

/**
 * Records the chats a platform's config names by itself (webhook robots have no "bot was added"
 * event). The config is the operator's word that such a chat exists: a new one starts subscribed,
 * and one marked inactive (say, by a key the platform refused) is active again after a restart, so a
 * corrected key takes effect; an admin's pause stays. Nothing is sent.
 */
export async function recordConfiguredChats(
  store: Store,
  chats: readonly ConfiguredChat[],
  log: Logger,
): Promise<void> {
  for (const c of chats) {
    const prev = await store.getChat(c.chatId);
    if (prev && prev.title === c.title && prev.state !== "inactive") continue;
    await store.upsertChat({
      id: c.chatId,
      platform: parseChatId(c.chatId).platform,
      kind: c.kind,
      title: c.title,
      state: prev?.state === "paused" ? "paused" : "active",
      subscribed: prev?.subscribed ?? true,
      ...(prev?.state === "inactive" ? { inactiveReason: undefined } : {}),
    });
    log.info({ chatId: c.chatId }, prev ? "configured chat updated" : "configured chat recorded");
  }
}

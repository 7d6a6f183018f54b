import type { PlatformDescriptor, PlatformDirectory } from "../core/ports/index.ts";
import { parseChatId } from "../domain/chat.ts";
import { consolePlatform } from "./console/descriptor.ts";
import { telegram } from "./telegram/descriptor.ts";
import { wechat } from "./wechat/descriptor.ts";
import { wecom } from "./wecom/descriptor.ts";

/**
 * The one list of platforms. Adding a platform is a folder under src/platforms/ and one line here;
 * config, start, limits, preview, status, stats, doctor and the core loop over this list or ask a
 * descriptor's capabilities. Descriptors load their SDKs only in `create`.
 */
export const PLATFORMS: readonly PlatformDescriptor[] = [
  telegram as PlatformDescriptor,
  wechat as PlatformDescriptor,
  wecom as PlatformDescriptor,
  consolePlatform as PlatformDescriptor,
];

export function platformById(id: string): PlatformDescriptor | undefined {
  return PLATFORMS.find((p) => p.id === id);
}

/** The registry as the core sees it: questions about platforms, never their names. */
export const platformDirectory: PlatformDirectory = {
  ids: () => PLATFORMS.map((p) => p.id),
  title: (id) => platformById(id)?.title ?? id,
  capabilities: (id) => platformById(id)?.capabilities,
  isGroup(chatId) {
    const i = chatId.indexOf(":");
    if (i < 0) return false;
    const { platform, raw } = parseChatId(chatId);
    return platformById(platform)?.isGroup(raw) ?? false;
  },
  deepLink: (id, bot, payload) => platformById(id)?.deepLink?.(bot, payload),
  exampleChatIds: () => PLATFORMS.filter((p) => !p.fallback).map((p) => p.exampleChatId),
};

import { text } from "../args.ts";
import type { Block } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { humanSchedule } from "../time.ts";
import { describeSections } from "./subscribe.ts";

/** `/settings` / 设置: what this chat receives, when, and in which language. Anyone may look. */
export const settings = defineCommand({
  name: "settings",
  keywords: ["设置"],
  where: ["group", "private"],
  help: "help.settings",
  args: text(),
  async run(ctx) {
    const chat = ctx.chat;
    const subscribed = chat?.subscribed === true && chat.state !== "inactive";
    const blocks: Block[] = [
      { kind: "heading", text: ctx.t("settings.heading") },
      { kind: "paragraph", text: ctx.t(subscribed ? "settings.on" : "settings.off") },
    ];
    if (subscribed) {
      blocks.push({
        kind: "paragraph",
        text: ctx.t("settings.sections", { sections: await describeSections(ctx, chat.sections) }),
      });
    }
    blocks.push(
      {
        kind: "paragraph",
        text: ctx.t("settings.schedule", {
          schedule: humanSchedule(ctx.config.pushAt, ctx.config.tz, ctx.locale),
        }),
      },
      { kind: "paragraph", text: ctx.t("settings.language", { language: ctx.t(`lang.name.${ctx.locale}`) }) },
    );
    if (chat?.state === "paused") blocks.push({ kind: "note", text: ctx.t("settings.paused") });
    if ((await ctx.store.getSetting<boolean>("paused")) === true) {
      blocks.push({ kind: "note", text: ctx.t("settings.globalPaused") });
    }
    blocks.push({ kind: "note", text: ctx.t("settings.howToChange") });
    return [{ blocks }];
  },
});

import { z } from "zod";
import { defineCommand } from "../registry.ts";
import { humanSchedule } from "../time.ts";
import { helpReply } from "./help.ts";

/** Telegram deep-link payloads are `A-Z a-z 0-9 _ -`, at most 64 characters; anything else is ignored. */
const payload = z.string().transform((s) => {
  const first = s.split(/\s+/)[0] ?? "";
  return /^[A-Za-z0-9_-]{1,64}$/.test(first) ? first : "";
});

/**
 * `/start` is how a Telegram private chat begins, and `/start <payload>` is a deep link
 * (`https://t.me/<bot>?start=join`). A payload naming a reader's command runs that command, so
 * the deep link follows whatever `/join` does (today an honest "soon", later the application).
 */
export const start = defineCommand({
  name: "start",
  where: ["group", "private"],
  args: payload,
  async run(ctx, name) {
    const target = name ? ctx.commands.find((c) => c.name === name.toLowerCase()) : undefined;
    if (target && !target.admin && target.name !== "start") return ctx.dispatch(`/${target.name}`);
    const schedule = humanSchedule(ctx.config.pushAt, ctx.config.tz, ctx.locale);
    const greeting = ctx.msg.chatKind === "private" ? ctx.t("welcome.private", { schedule }) : undefined;
    return [helpReply(ctx, { greeting })];
  },
});

import { text } from "../args.ts";
import { allowedIn, placeOf } from "../permissions.ts";
import type { Block, Reply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { humanSchedule } from "../time.ts";
import type { CommandContext, RegisteredCommand } from "../types.ts";

function commandLine(ctx: CommandContext, c: RegisteredCommand): Block {
  const help = c.help ? ctx.t(c.help) : "";
  // In Chinese, show the keyword too: most readers never type a slash.
  const word = ctx.locale === "zh-CN" ? c.keywords[0] : undefined;
  return {
    kind: "command",
    text: `/${c.name}`,
    description: word ? ctx.t("help.orKeyword", { help, word }) : help,
  };
}

/** What the bot does and the commands this reader may use here, in the chat's language. */
export function helpReply(ctx: CommandContext, opts: { greeting?: string } = {}): Reply {
  const place = placeOf(ctx.msg, ctx.config);
  const listed = ctx.commands.filter((c) => c.help && allowedIn(c.where, place));
  const schedule = humanSchedule(ctx.config.pushAt, ctx.config.tz, ctx.locale);
  const blocks: Block[] = [{ kind: "heading", text: ctx.t("help.heading") }];
  if (opts.greeting) blocks.push({ kind: "paragraph", text: opts.greeting });
  blocks.push(
    { kind: "paragraph", text: ctx.t("help.intro", { schedule }) },
    ...listed.filter((c) => !c.admin).map((c) => commandLine(ctx, c)),
  );
  if (place !== "private") blocks.push({ kind: "note", text: ctx.t("help.keywords") });
  if (ctx.isPaperboyAdmin) {
    const admin = listed.filter((c) => c.admin);
    if (admin.length) {
      blocks.push(
        { kind: "heading", text: ctx.t("help.adminHeading") },
        ...admin.map((c) => commandLine(ctx, c)),
      );
    }
  }
  return { blocks };
}

/** `/help` / 帮助. */
export const help = defineCommand({
  name: "help",
  keywords: ["帮助", "菜单", "使用说明"],
  where: ["group", "private"],
  help: "help.help",
  args: text(),
  run: async (ctx) => [helpReply(ctx)],
});

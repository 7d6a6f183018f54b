import { adminTargets } from "../../core/permissions.ts";
import type { Reply } from "../../core/ports/index.ts";
import { parseChatId } from "../../domain/chat.ts";
import type { JobContext } from "./job.ts";

/**
 * Tells the admins (core/permissions.ts `adminTargets`: the admin chat, else the admin who asked,
 * else every admin) through the dispatcher with a reply's priority. A target on a platform this bot
 * does not run, or one that cannot be reached, is logged and passed over: a report never fails a job.
 */
export async function tellAdmins(
  ctx: Pick<JobContext, "config" | "log" | "dispatcher" | "adapters">,
  reply: Reply,
  opts: { replyTo?: string; except?: string } = {},
): Promise<void> {
  for (const target of adminTargets(ctx.config, opts)) {
    let platform: string;
    try {
      platform = parseChatId(target).platform;
    } catch {
      continue;
    }
    const adapter = ctx.adapters.find((a) => a.platform === platform);
    if (!adapter) continue;
    try {
      for (const part of adapter.render(reply))
        await ctx.dispatcher.send(target, part, { priority: "reply" });
    } catch (err) {
      ctx.log.warn({ err, target }, "could not tell an admin");
    }
  }
}

import type { Command } from "commander";
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { findSection } from "../core/issue-view.ts";
import type { OutPart, Reply } from "../core/ports/index.ts";
import { todayIn } from "../domain/today.ts";
import { createLogger } from "../log.ts";
import { PLATFORMS, platformById } from "../platforms/registry.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import { openStore } from "../store/open.ts";
import { StoreError } from "../store/store.ts";
import { dateArgument } from "./args.ts";

const fallbackId = PLATFORMS.find((p) => p.fallback)?.id ?? PLATFORMS[0]?.id ?? "";

const PreviewOptions = z.object({
  platform: z
    .string()
    .refine(
      (id) => platformById(id) !== undefined,
      `expected one of ${PLATFORMS.map((p) => p.id).join(", ")}`,
    )
    .default(fallbackId),
  section: z.string().optional(),
  edition: z.enum(["evening", "morning"]).default("evening"),
});

export function registerPreviewCommand(program: Command): void {
  program
    .command("preview")
    .description("show an issue exactly as a platform will receive it, part by part")
    .argument("[date]", "the issue's date, YYYY-MM-DD (default: the latest)")
    .option("--platform <name>", PLATFORMS.map((p) => p.id).join(", "), fallbackId)
    .option("--section <key>", "only this section (key or alias: crossborder, 跨境 …)")
    .option("--edition <edition>", "evening or morning", "evening")
    .action(async (date: string | undefined, raw: unknown) => {
      const opts = PreviewOptions.parse(raw);
      dateArgument(date);
      const config = loadConfig();
      const store = await openStore(config, { log: createLogger({ level: "warn" }) });
      try {
        const issue = date
          ? await store.getIssue(date, opts.edition)
          : await store.latestIssue(todayIn(config.tz));
        if (!issue)
          throw new StoreError(
            date ? `no ${opts.edition} issue of ${date} is stored` : "no issue is stored yet",
          );
        const locale = issue.language === "en" ? "en" : "zh-CN";
        const replies: { label: string; reply: Reply }[] = [];
        if (opts.section) {
          const { section } = findSection(issue, opts.section);
          if (!section) {
            throw new StoreError(
              `the issue of ${issue.date} has no section \`${opts.section}\`; it has: ${issue.sections.map((s) => s.key).join(", ")}`,
            );
          }
          replies.push({ label: section.key, reply: { blocks: sectionBlocks(section, locale) } });
        } else {
          replies.push({ label: "headlines", reply: { blocks: headlineBlocks(issue, locale) } });
          for (const s of issue.sections)
            replies.push({ label: s.key, reply: { blocks: sectionBlocks(s, locale) } });
          const footer = footerBlocks(issue);
          if (footer.length) replies.push({ label: "footer", reply: { blocks: footer } });
        }
        const platform = platformById(opts.platform);
        for (const { label, reply } of replies) printParts(label, platform?.render(reply) ?? []);
      } finally {
        await store.close();
      }
    });
}

function printParts(label: string, parts: OutPart[]): void {
  parts.forEach((part, i) => {
    const body =
      part.type === "text"
        ? part.text
        : `[image] ${part.src}${part.caption ? `\ncaption: ${part.caption}` : ""}`;
    const size = part.type === "text" ? `, ${[...part.text].length} characters` : "";
    process.stdout.write(`── ${label} · part ${i + 1}/${parts.length} (${part.type}${size}) ──\n${body}\n\n`);
  });
}

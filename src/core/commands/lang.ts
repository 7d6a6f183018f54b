import { z } from "zod";
import type { Locale } from "../../domain/locale.ts";
import { text } from "../args.ts";
import { saveChat } from "../chat-record.ts";
import { t } from "../i18n/index.ts";
import { mayManageChat } from "../permissions.ts";
import { defineCommand } from "../registry.ts";

const NAMES: Record<string, Locale> = {
  en: "en",
  english: "en",
  英文: "en",
  英语: "en",
  zh: "zh-CN",
  "zh-cn": "zh-CN",
  "zh-hans": "zh-CN",
  cn: "zh-CN",
  chinese: "zh-CN",
  中文: "zh-CN",
  汉语: "zh-CN",
  简体中文: "zh-CN",
};

const languageArg = text(20).transform((s, ctx): Locale | undefined => {
  if (s === "") return undefined;
  const locale = NAMES[s.toLowerCase()];
  if (!locale) {
    ctx.addIssue({ code: "custom", message: "args.unknownLanguage", input: s });
    return z.NEVER;
  }
  return locale;
});

/** `/lang en|zh`: this chat's language; the confirmation already speaks the new one. */
export const lang = defineCommand({
  name: "lang",
  aliases: ["language"],
  keywords: ["语言"],
  keywordTakesArgs: true,
  where: ["group", "private"],
  help: "help.lang",
  usage: "usage.lang",
  args: languageArg,
  async run(ctx, locale) {
    if (!locale) {
      return [
        {
          blocks: [
            {
              kind: "paragraph",
              text: ctx.t("lang.current", { language: ctx.t(`lang.name.${ctx.locale}`) }),
            },
          ],
        },
      ];
    }
    if (!(await mayManageChat(ctx.msg, ctx.config))) {
      return [{ blocks: [{ kind: "paragraph", text: ctx.t("common.notChatAdmin") }] }];
    }
    await saveChat(ctx, { locale });
    return [{ blocks: [{ kind: "paragraph", text: t(locale, "lang.done") }], locale }];
  },
});

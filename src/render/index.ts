export * from "./blocks.ts";
export { buttonHint, typedCommand } from "./commands.ts";
export { renderConsole } from "./console-text.ts";
export { escapeAttribute, escapeHtml } from "./escape.ts";
export {
  footerBlocks,
  formatIssueDate,
  headlineBlocks,
  sectionBlocks,
  sectionDisplayName,
  sourceText,
} from "./issue-blocks.ts";
export { renderTelegram, TELEGRAM_LIMITS, type TelegramLimits } from "./telegram-html.ts";
export { renderWechat, WECHAT_TEXT_LIMIT } from "./wechat-text.ts";

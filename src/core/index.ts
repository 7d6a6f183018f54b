export { AUDIT_COLLECTION, type AuditRecord, listAudit } from "./audit.ts";
export { COMMANDS } from "./commands/index.ts";
export { joinInGroupReply } from "./commands/join.ts";
export { PAUSED_SETTING } from "./commands/pause.ts";
export { type MessageKey, type Messages, t } from "./i18n/index.ts";
export { adminMenu, commandMenu, type MenuEntry } from "./menu.ts";
export { defineCommand } from "./registry.ts";
export { createRouter, type RouterOptions } from "./router.ts";
export { humanSchedule } from "./time.ts";
export type {
  AdminActions,
  CommandContext,
  CommandSpec,
  CoreDeps,
  MessageInterceptor,
  Place,
  RegisteredCommand,
  Router,
} from "./types.ts";

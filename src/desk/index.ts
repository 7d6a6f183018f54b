export { DeskAuth, LINK_VALID_MS, SESSION_COOKIE, type Session } from "./auth.ts";
export type { DeskDeps } from "./deps.ts";
export { type Desk, startDesk } from "./listen.ts";

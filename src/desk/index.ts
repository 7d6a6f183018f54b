export { DeskAuth, LINK_VALID_MS, type Session } from "./auth.ts";
export type { DeskDeps } from "./deps.ts";
export { type Desk, SESSION_COOKIE, startDesk } from "./server.ts";

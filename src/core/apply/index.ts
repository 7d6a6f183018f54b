export type { Applications, ApplicationsDeps } from "./applications.ts";
export { createApplications } from "./applications.ts";
export { toCsv } from "./csv.ts";
export { maskContact, maskName, maskPhone, maskWechatId } from "./mask.ts";
export { APPLICATIONS, type ApplicationRecord, type ApplicationStatus, DIALOGUES } from "./model.ts";
export { type Invites, InviteUnsupported, type Outbox } from "./review.ts";
export { type ApplySettings, applySettings } from "./settings.ts";
export { startSweeper } from "./sweeper.ts";

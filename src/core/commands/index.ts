import { applications, approve, forget, reject } from "../apply/commands.ts";
import type { RegisteredCommand } from "../types.ts";
import { broadcast } from "./broadcast.ts";
import { cancel } from "./cancel.ts";
import { desk } from "./desk.ts";
import { help } from "./help.ts";
import { issue } from "./issue.ts";
import { item } from "./item.ts";
import { join } from "./join.ts";
import { lang } from "./lang.ts";
import { pause } from "./pause.ts";
import { publish } from "./publish.ts";
import { push } from "./push.ts";
import { resume } from "./resume.ts";
import { search } from "./search.ts";
import { section } from "./section.ts";
import { sectionShortcuts } from "./section-shortcuts.ts";
import { settings } from "./settings.ts";
import { start } from "./start.ts";
import { stats } from "./stats.ts";
import { subscribe } from "./subscribe.ts";
import { today } from "./today.ts";
import { unsubscribe } from "./unsubscribe.ts";

/**
 * Every command the router knows, in the order /help lists them. To add one, write its file
 * (see today.ts for the shape) and list it here. A feature's commands live in its folder (the
 * merchant applications' review: apply/commands.ts) and are listed here all the same. A conversation
 * (the application dialogue) plugs in as CoreDeps.interceptors; `join` and `cancel` here answer
 * whatever it leaves to the router (`/join` in a group, `/cancel` with nothing running).
 */
export const COMMANDS: readonly RegisteredCommand[] = [
  today,
  section,
  ...sectionShortcuts,
  issue,
  search,
  item,
  subscribe,
  unsubscribe,
  settings,
  lang,
  join,
  cancel,
  forget,
  help,
  start,
  push,
  publish,
  pause,
  resume,
  stats,
  applications,
  approve,
  reject,
  broadcast,
  desk,
];

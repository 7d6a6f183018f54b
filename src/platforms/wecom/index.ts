export { createWecomAdapter, type WecomAdapterOptions } from "./adapter.ts";
export { parseRobots, robotChatId, type WecomConfig, wecom } from "./descriptor.ts";
export { renderWecom } from "./render.ts";

export { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from "./adapter.ts";
export { toSendError } from "./errors.ts";

import { createWechatAdapterWith, type WechatAdapter, type WechatAdapterOptions } from "./adapter.ts";
import { renderWechat } from "./render.ts";

export type { WechatAdapter, WechatAdapterOptions } from "./adapter.ts";
export { buildWechaty, memoryCardName } from "./bot.ts";
export { WECHAT_TEXT_LIMIT } from "./render.ts";

/** The WeChat platform adapter, rendering with the WeChat text renderer unless told otherwise. */
export function createWechatAdapter(opts: WechatAdapterOptions): WechatAdapter {
  return createWechatAdapterWith({ ...opts, renderer: opts.renderer ?? renderWechat });
}

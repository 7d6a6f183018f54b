import type { WechatyInterface } from "wechaty/impls";
import type { ChatEvent } from "../../core/ports/index.ts";
import { wechatChatId } from "./decode.ts";

/**
 * The rooms the account is in right now (wechaty `Room.findAll`), as `known` chat events: rooms it
 * joined before paperboy's first start never produced a `room-join`, so without this the desk and
 * `paperboy status` would not know them. A room whose topic cannot be loaded is listed untitled.
 */
export async function listKnownRooms(
  wechaty: Pick<WechatyInterface, "Room">,
): Promise<Array<ChatEvent & { type: "known" }>> {
  const rooms = await wechaty.Room.findAll();
  const out: Array<ChatEvent & { type: "known" }> = [];
  for (const room of rooms) {
    const title = await room.topic().catch(() => "");
    out.push({ type: "known", chatId: wechatChatId(room.id), chatKind: "group", title });
  }
  return out;
}

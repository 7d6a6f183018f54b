import { FileBox } from "file-box";
import type { ContactInterface, RoomInterface, WechatyInterface } from "wechaty/impls";
import type { OutPart, SendReceipt } from "../../core/ports/index.ts";
import { ChatGone, PermanentError, TransientError } from "../../core/ports/index.ts";
import { parseChatId } from "../../domain/chat.ts";
import { type ImagePolicy, ImageRefused, loadImage } from "../../images/index.ts";
import type { Logger } from "../../log.ts";
import { spansToPlain } from "../../render/plain-text.ts";
import { codePointLength, type Group, splitDocument } from "../../render/split.ts";
import { errorText, mapPuppetError } from "./errors.ts";
import { WECHAT_TEXT_LIMIT } from "./render.ts";

/**
 * Outgoing side of the WeChat adapter: plain text within WeChat's comfortable length, images as
 * FileBox, and the lookup from our namespaced chat id back to a wechaty Room or Contact.
 */

/**
 * Makes sure no text part exceeds `max` characters, splitting at the last paragraph break, else the
 * last line break, else between words (a hard cut only for one unbroken run).
 * The WeChat renderer already splits at paragraph boundaries; this is the adapter's guarantee.
 */
export function fitToLimit(parts: OutPart[], max = WECHAT_TEXT_LIMIT): OutPart[] {
  const out: OutPart[] = [];
  for (const part of parts) {
    if (part.type !== "text" || [...part.text].length <= max) {
      out.push(part);
      continue;
    }
    const chunks = splitText(part.text, max);
    chunks.forEach((text, i) => {
      // Buttons (listed as text on WeChat) belong under the last chunk.
      const last = i === chunks.length - 1;
      out.push({
        type: "text",
        text,
        format: part.format,
        ...(last && part.buttons ? { buttons: part.buttons } : {}),
      });
    });
  }
  return out;
}

/** A text as parts of at most `max` code points, by the renderers' own splitter (paragraphs, lines, words, never inside an emoji). */
function splitText(text: string, max: number): string[] {
  const groups: Group<never>[] = text
    .trim()
    .split(/\n{2,}/)
    .map((para) =>
      para
        .split("\n")
        .map((line, i) => ({ kind: "line" as const, spans: [{ text: line }], gap: i ? "\n" : "" })),
    );
  return splitDocument(groups, { limit: max, measure: codePointLength, groupGap: "\n\n" })
    .map((p) => spansToPlain(p.spans).trim())
    .filter(Boolean);
}

type Conversation = RoomInterface | ContactInterface;
export type ConversationKind = "room" | "contact";

/**
 * Finds the Room or Contact behind a raw WeChat id. The kind learned from inbound traffic is tried
 * first; otherwise the id's shape (`…@chatroom` on most puppets, `@@…` on web protocols) decides the
 * first guess and the other kind is the fallback. Undefined when neither exists.
 */
export async function findConversation(
  wechaty: WechatyInterface,
  rawId: string,
  knownKind?: ConversationKind,
): Promise<{ kind: ConversationKind; conversation: Conversation } | undefined> {
  const guess: ConversationKind =
    knownKind ?? (/@chatroom$/.test(rawId) || rawId.startsWith("@@") ? "room" : "contact");
  const order: ConversationKind[] = guess === "room" ? ["room", "contact"] : ["contact", "room"];
  for (const kind of order) {
    const conversation =
      kind === "room" ? await wechaty.Room.find({ id: rawId }) : await wechaty.Contact.find({ id: rawId });
    if (conversation) return { kind, conversation };
  }
  return undefined;
}

/**
 * An image as the issue names it → a FileBox of bytes we hold. URLs are fetched here through the
 * guarded fetch (allowed hosts, public addresses, bounded) and never handed to the puppet to fetch;
 * local files come only from the image folder after the real-path, content and size checks of
 * src/images. Bytes travel as base64 because that survives every puppet (a file-path FileBox cannot
 * be serialised by the mock puppet). Throws PermanentError when refused: the caller skips the image
 * and goes on with the text.
 */
export async function resolveImage(src: string, images: ImagePolicy): Promise<FileBox> {
  try {
    const img = await loadImage(src, images);
    return FileBox.fromBase64(img.data.toString("base64"), img.name);
  } catch (err) {
    if (err instanceof ImageRefused) throw new PermanentError(err.message);
    throw err;
  }
}

/**
 * Puppets keep a room's payload after the bot was removed, and some accept the send and drop it
 * silently: a member list without the bot means the room is gone for us. An empty list (a puppet
 * that has not loaded the members) or a failed lookup proves nothing, and the send goes ahead.
 */
async function assertStillMember(wechaty: WechatyInterface, roomId: string): Promise<void> {
  let members: string[];
  let self: string | undefined;
  try {
    members = await wechaty.puppet.roomMemberList(roomId);
    self = wechaty.puppet.currentUserId;
  } catch {
    return;
  }
  if (self && members.length > 0 && !members.includes(self)) {
    throw new ChatGone("the bot is no longer a member of this WeChat room", 403);
  }
}

export interface SendContext {
  wechaty: WechatyInterface;
  images: ImagePolicy;
  log: Logger;
  kindOf(rawId: string): ConversationKind | undefined;
  remember(rawId: string, kind: ConversationKind): void;
  nextLocalId(): string;
}

/**
 * Sends one part. Throws the typed errors of delivery/errors.ts: ChatGone when the room or contact
 * cannot be found, TransientError while logged out or when the puppet hiccups, RateLimited when
 * WeChat complains about frequency, PermanentError for an image that cannot be had (skip it; the
 * text parts around it still go).
 */
export async function sendPart(ctx: SendContext, chatId: string, part: OutPart): Promise<SendReceipt> {
  const { platform, raw } = parseChatId(chatId);
  if (platform !== "wechat") throw new PermanentError(`not a WeChat chat: ${chatId}`);
  if (!ctx.wechaty.isLoggedIn)
    throw new TransientError("WeChat is not logged in (waiting for a QR scan or a reconnect)");

  let found: Awaited<ReturnType<typeof findConversation>>;
  try {
    found = await findConversation(ctx.wechaty, raw, ctx.kindOf(raw));
  } catch (err) {
    throw mapPuppetError(err);
  }
  if (!found) throw new ChatGone(`no WeChat room or contact with id ${raw}`, 404);
  ctx.remember(raw, found.kind);
  if (found.kind === "room") await assertStillMember(ctx.wechaty, raw);

  const payload = part.type === "text" ? part.text : await resolveImage(part.src, ctx.images);
  let receipt: SendReceipt;
  try {
    const msg = await found.conversation.say(payload);
    receipt = { messageId: msg?.id ?? ctx.nextLocalId() };
  } catch (err) {
    const mapped = mapPuppetError(err);
    // An image the puppet cannot fetch or upload is not worth retrying forever.
    if (
      part.type === "image" &&
      !(mapped instanceof ChatGone) &&
      /fetch|download|upload|http|url/i.test(errorText(err))
    ) {
      throw new PermanentError(`image could not be sent: ${errorText(err)}`, mapped.code, err);
    }
    throw mapped;
  }
  // WeChat images carry no caption: the caption follows as its own short text.
  if (part.type === "image" && part.caption?.trim()) {
    try {
      await found.conversation.say(part.caption.trim());
    } catch (err) {
      // The image went: throwing now would have the caller send it twice.
      ctx.log.warn({ err: errorText(err), chatId }, "wechat: an image caption could not be sent");
    }
  }
  return receipt;
}

import type { OutPart, Reply } from "../../core/ports/index.ts";
import { renderConsole } from "./render.ts";

/** A terminal has no length limit worth splitting for: one reply is one text part. */
export function encodeReply(reply: Reply): OutPart[] {
  return [{ type: "text", text: renderConsole(reply), format: "plain" }];
}

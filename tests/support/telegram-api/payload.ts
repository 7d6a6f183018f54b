/** Reads a Bot API request the way the real server does: query string, JSON, urlencoded or multipart. */
import type { IncomingMessage } from "node:http";
import { ApiFailure, type Payload, type UploadedFile } from "./methods.ts";

/** Fields that arrive JSON-encoded inside multipart and urlencoded bodies. */
const JSON_FIELDS = [
  "reply_markup",
  "media",
  "allowed_updates",
  "commands",
  "scope",
  "link_preview_options",
  "entities",
  "caption_entities",
  "reply_parameters",
];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readPayload(
  req: IncomingMessage,
  url: URL,
): Promise<{ payload: Payload; files: Map<string, UploadedFile> }> {
  const payload: Payload = Object.fromEntries(url.searchParams);
  const files = new Map<string, UploadedFile>();
  const body = await readBody(req);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return { payload, files };
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new ApiFailure(400, "Bad Request: can't parse JSON object");
    }
    return { payload: { ...payload, ...(parsed as Payload) }, files };
  }
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const form = await new Response(body, { headers: { "content-type": type } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") {
        payload[key] = value;
      } else {
        const file = { filename: value.name, size: value.size };
        files.set(key, file);
        payload[key] = file;
      }
    }
    for (const key of JSON_FIELDS) {
      const v = payload[key];
      if (typeof v === "string" && /^[[{]/.test(v)) {
        try {
          payload[key] = JSON.parse(v);
        } catch {
          throw new ApiFailure(400, `Bad Request: can't parse ${key} JSON object`);
        }
      }
    }
  }
  return { payload, files };
}

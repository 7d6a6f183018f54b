import path from "node:path";

/** The memory card (wechaty's session file) is named after the data dir so it lives beside the data. */
export function memoryCardName(dataDir: string): string {
  return path.join(path.resolve(dataDir), "wechat");
}

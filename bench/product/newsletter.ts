/**
 * The product benchmark's issue, written out in the editors' text format (the way `paperboy import`
 * takes it): a numbered lead, three newsletters with items and sources, the editorial and a footer,
 * with site-path images after some lines. Images are either written into the image folder (resolvable:
 * uploaded as files) or left out of it (unresolvable: paperboy skips them and says why).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const BENCH_DATE = "2026-03-12";
const IMG_DIR = "/upload/img/20260312";

/** A 1×1 PNG: enough for the stand-in to take it as a photo upload. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

export interface BenchNewsletter {
  text: string;
  /** Site paths of the images written into the data dir, and of those that are missing. */
  present: string[];
  missing: string[];
}

function item(n: number, topic: string, withSource: boolean): string {
  const body = `${topic}方面的第${n}条消息：平台调整了规则，商家与物流公司纷纷回应，读者可以在这里快速了解来龙去脉与可能的影响。`;
  return `${n}. ${topic}动态第${n}条\n${body}${withSource ? "（来源：基准日报）" : ""}`;
}

/** `unresolvable`: how many of the images are missing from the data dir. */
export function benchNewsletter(unresolvable: number): BenchNewsletter {
  const images = ["101.png", "102.png", "103.png"].map((f) => `${IMG_DIR}/${f}`);
  const missing = images.slice(images.length - unresolvable);
  const present = images.slice(0, images.length - unresolvable);
  const img = (p: string | undefined) => (p ? `![配图](${p})` : "");
  const lines = [
    "#老高电商快报# 【3月12日电商晚报】1.某平台调整春季大促规则；2.一家快递公司发布新的分拣系统；3.跨境卖家迎来新的物流线路。",
    img(images[0]),
    "电商快报：",
    item(1, "电商", true),
    img(images[1]),
    item(2, "电商", true),
    item(3, "电商", false),
    "互联网快报：",
    item(1, "互联网", true),
    item(2, "互联网", true),
    "跨境快报：",
    item(1, "跨境", true),
    img(images[2]),
    item(2, "跨境", true),
    "今日老高观点：",
    "基准测试的观点正文：规则越清楚，商家越敢投入。",
    "欢迎转载，请注明出处。",
  ];
  return { text: `${lines.filter(Boolean).join("\n")}\n`, present, missing };
}

/** Where `paperboy start` looks for site-path images: PAPERBOY_IMAGE_DIR's default, `<data dir>/images`. */
export const benchImageFile = (dataDir: string, sitePath: string) => path.join(dataDir, "images", sitePath);

/** Writes the issue file (outside the data dir) and the resolvable images (in its image folder). */
export async function writeNewsletter(dataDir: string, into: string, n: BenchNewsletter): Promise<string> {
  for (const p of n.present) {
    const file = benchImageFile(dataDir, p);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, PNG);
  }
  const file = path.join(into, `newsletter-${BENCH_DATE}.txt`);
  await writeFile(file, n.text);
  return file;
}

import type { Config } from "../config.ts";
import type { Issue } from "../domain/issue.ts";
import { checkImage, imagePolicy } from "../images/index.ts";

/** Every image of an issue, lead first, in reading order. */
export function issueImages(issue: Issue): string[] {
  return [
    ...issue.images,
    ...issue.sections.flatMap((s) => [...s.images, ...s.items.flatMap((i) => i.images)]),
  ].map((img) => img.src);
}

/**
 * The images the image policy refuses (src/images), each with why. The issue still imports: these
 * images are skipped at send time and the text goes out.
 */
export async function refusedImages(
  issue: Issue,
  config: Config,
): Promise<{ src: string; reason: string }[]> {
  const policy = imagePolicy(config);
  const out: { src: string; reason: string }[] = [];
  for (const src of new Set(issueImages(issue))) {
    const reason = await checkImage(src, policy);
    if (reason) out.push({ src, reason });
  }
  return out;
}

export function refusedImagesText(refused: { src: string; reason: string }[]): string {
  return [
    `note: ${refused.length} image(s) will not be sent (the text still goes out):`,
    ...refused.map((r) => `  - ${r.src}: ${r.reason}`),
  ].join("\n");
}

import type { Config } from "../config.ts";
import type { Issue } from "../domain/issue.ts";

/**
 * How many of an issue's images are paths on the publisher's site (`/upload/img/…`) that no
 * platform can fetch without `PAPERBOY_IMAGE_BASE_URL` (unless the files sit under the data dir).
 */
export function unresolvableImages(issue: Issue, config: Config): number {
  if (config.imageBaseUrl) return 0;
  const all = [
    ...issue.images,
    ...issue.sections.flatMap((s) => [...s.images, ...s.items.flatMap((i) => i.images)]),
  ];
  return all.filter((img) => !/^(https?|file):/i.test(img.src)).length;
}

export function imageHint(count: number): string {
  return `note: ${count} image(s) use site paths such as /upload/img/…; set PAPERBOY_IMAGE_BASE_URL (e.g. https://www.example.com) so they can be sent, or they are skipped (the text always goes out)`;
}

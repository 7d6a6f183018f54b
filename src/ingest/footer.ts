import type { LineShape } from "./classify.ts";
import type { Line } from "./lines.ts";

/**
 * Footer lines close an issue after the editorial: thanks for reading, a reprint notice, the
 * invitation to join the club. They are told apart from the editorial's own text by these phrases,
 * which are specific enough not to appear in ordinary news or opinion sentences.
 */
const FOOTER_PHRASES: RegExp[] = [
  /感谢.{0,30}(关注|支持|阅读|订阅)/,
  /转载.{0,10}(请|须|需|注明|联系|授权)|(请勿|如需|欢迎)转载/,
  /注明(来源|出处)/,
  /申请入会/,
  /(点击|扫码|扫描|长按|识别).{0,20}(加入|入会|报名|注册|申请|关注|二维码|阅读原文)/,
  /加入.{0,30}(俱乐部|商会|社群|会员群)/,
  /关注.{0,10}(公众号|我们)/,
  /版权所有|版权归|免责声明|阅读原文|©|\bcopyright\b|\ball rights reserved\b|\bdisclaimer\b/i,
  /\bthanks?( you)? for (your )?(attention|reading|support|following)/i,
  /\breprint/i,
  /\bindicate the source\b/i,
  /\b(apply|register|sign up|click)\b.{0,40}\bjoin\b/i,
  /\bjoin\b.{0,60}\bclub\b/i,
  /\bscan the qr\b/i,
  /\b(follow|subscribe to) (us|our)\b/i,
];

export function looksLikeFooter(text: string): boolean {
  const t = text.normalize("NFKC");
  return FOOTER_PHRASES.some((re) => re.test(t));
}

/** Where the footer begins: the first footer-like line after the editorial's text, or after the last item. */
export function footerStart(lines: Line[], shapes: LineShape[], titleAt: number): number | undefined {
  let lastHeader = -1;
  let lastItem = -1;
  shapes.forEach((s, i) => {
    if (i <= titleAt) return;
    if (s.kind === "header") lastHeader = i;
    if (s.kind === "item") lastItem = i;
  });
  let after: number;
  const last = shapes[lastHeader];
  if (last?.kind === "header" && last.known.key === "view") {
    // The editorial keeps at least its first line, whatever it says (on the header's line, or the next).
    const firstText = last.rest ? lastHeader : lines.findIndex((l, i) => i > lastHeader && l.text !== "");
    if (firstText < 0) return undefined;
    after = firstText;
  } else {
    after = Math.max(lastHeader, lastItem);
    if (after < 0) return undefined;
  }
  const at = lines.findIndex((l, i) => i > after && l.text !== "" && looksLikeFooter(l.text));
  return at < 0 ? undefined : at;
}

/**
 * Footer lines close an issue after the editorial: thanks for reading, a reprint notice, the
 * invitation to join the club. They are told apart from the editorial's own text by these phrases,
 * which are specific enough not to appear in ordinary news or opinion sentences.
 */
const FOOTER_PHRASES: RegExp[] = [
  /感谢.{0,30}(关注|支持|阅读|订阅)/,
  /转载/,
  /注明(来源|出处)/,
  /(申请|欢迎|点击|立即|扫码).{0,20}(加入|入会|报名|注册)/,
  /加入.{0,30}(俱乐部|商会|社群|会员群)/,
  /(扫码|扫描|长按).{0,10}(二维码|关注)/,
  /关注.{0,10}(公众号|我们)/,
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

/**
 * Chinese or English, by counting Han characters against Latin letters. Chinese news is full of
 * Latin brand names (iPhone, Shopify, TikTok) and English issues may quote a Chinese name, so a
 * text is Chinese when its Han characters are more than a fifth of its Latin letters: a Chinese
 * sentence carries many times more meaning per character than an English one.
 */
export function detectLanguage(text: string): "zh" | "en" {
  const han = count(text, /\p{Script=Han}/gu);
  const latin = count(text, /[A-Za-z]/g);
  return han > 0 && han * 5 > latin ? "zh" : "en";
}

function count(text: string, re: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}

/**
 * Chinese or English, by counting Han characters against Latin letters. Chinese news is full of
 * Latin brand names (iPhone, Shopify, TikTok) and English issues may quote a Chinese name, so a
 * text is Chinese when its Han characters are more than a fifth of its Latin letters: a Chinese
 * sentence carries many times more meaning per character than an English one.
 */
export function detectLanguage(text: string): "zh" | "en" {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  return han > 0 && han * 5 > latin ? "zh" : "en";
}

/**
 * Escapes text for Telegram's HTML parse mode. Telegram requires `<`, `>` and `&` outside tags to be
 * written as entities; quotes only matter inside attributes, which we build ourselves, so they stay
 * as they are (readers see them, and each entity still counts as one character to Telegram).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

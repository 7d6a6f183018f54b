import { type MessageKey, type Params, t } from "../core/i18n/index.ts";
import type { Locale } from "../domain/locale.ts";
import type { Session } from "./auth.ts";
import { type HtmlValue, html, type SafeHtml, trusted } from "./html.ts";

export const NAV: ReadonlyArray<{ path: string; label: MessageKey }> = [
  { path: "/", label: "desk.nav.today" },
  { path: "/issues", label: "desk.nav.issues" },
  { path: "/import", label: "desk.nav.import" },
  { path: "/chats", label: "desk.nav.chats" },
  { path: "/reports", label: "desk.nav.reports" },
  { path: "/applications", label: "desk.nav.applications" },
  { path: "/broadcast", label: "desk.nav.broadcast" },
];

/** What every page renderer gets: the session, its language, and the translator. */
export interface View {
  session: Session;
  locale: Locale;
  /** The path of the page (for the navigation's current entry and the language switch). */
  path: string;
  tr(key: MessageKey, params?: Params): string;
  /** A hidden form field carrying the session's CSRF token. */
  csrf: SafeHtml;
  /** A message to show on top (what the last action did). */
  flash?: { text: string; ok: boolean };
}

export function makeView(session: Session, path: string, flash?: View["flash"]): View {
  const locale = session.locale;
  return {
    session,
    locale,
    path,
    tr: (key, params) => t(locale, key, params),
    csrf: html`<input type="hidden" name="csrf" value="${session.csrf}">`,
    flash,
  };
}

const STYLE = `
:root{--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--accent:#0b63c4;--bg:#f6f8fa;--ok:#1a7f37;--bad:#cf222e}
*{box-sizing:border-box}body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fff}
header{display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;padding:10px 20px;border-bottom:1px solid var(--line);background:var(--bg)}
header .brand{font-weight:700;margin-right:8px}header nav a{padding:4px 8px;border-radius:6px;color:var(--ink);text-decoration:none}
header nav a[aria-current]{background:var(--accent);color:#fff}header .me{margin-left:auto;color:var(--muted);font-size:13px}
main{padding:16px 20px;max-width:1180px}h1{font-size:22px;margin:6px 0 14px}h2{font-size:17px;margin:18px 0 8px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:var(--bg);font-weight:600}
.flash{padding:10px 12px;border-radius:6px;margin-bottom:12px;white-space:pre-wrap;border:1px solid var(--line)}.flash.ok{background:#dafbe1}.flash.bad{background:#ffebe9}
button,.button{font:inherit;padding:5px 12px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer;color:var(--ink);text-decoration:none;display:inline-block}
button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}button.danger{color:var(--bad)}
form.inline{display:inline}textarea{width:100%;min-height:220px;font:13px/1.45 ui-monospace,monospace}input[type=text],input[type=search],select{font:inherit;padding:4px 6px}
.muted{color:var(--muted)}.warn{color:#9a6700}.badge{display:inline-block;padding:0 8px;border-radius:10px;background:var(--bg);border:1px solid var(--line);font-size:12px}
.previews{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:16px}.pv{padding:10px;border-radius:8px;background:#e8edf2}
.bubble{background:#fff;border-radius:8px;padding:8px 10px;margin:6px 0;white-space:pre-wrap;word-break:break-word;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.bubble .meta{display:block;color:var(--muted);font-size:11px;margin-bottom:2px}.bubble blockquote{margin:4px 0;padding-left:8px;border-left:3px solid var(--accent)}
progress{width:320px;height:16px;vertical-align:middle}.progress{margin:10px 0;padding:10px;border:1px solid var(--line);border-radius:6px}
.section{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{color:var(--muted)}dd{margin:0}
`;

/** The page shell: navigation, who is signed in, the language switch, then the page. */
export function page(view: View, title: string, body: HtmlValue): SafeHtml {
  const other: Locale = view.locale === "zh-CN" ? "en" : "zh-CN";
  const current = (p: string) => (p === "/" ? view.path === "/" : view.path.startsWith(p));
  return html`<!doctype html>
<html lang="${view.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${view.tr("desk.title")}</title><style>${trusted(STYLE)}</style>
<meta name="csrf" content="${view.session.csrf}"><script src="/desk.js" defer></script></head>
<body><header><span class="brand">${view.tr("desk.title")}</span><nav>${NAV.map(
    (n) =>
      html`<a href="${n.path}"${current(n.path) ? html` aria-current="page"` : ""}>${view.tr(n.label)}</a> `,
  )}</nav><span class="me">${view.tr("desk.signedInAs", { admin: view.session.admin })}
<form class="inline" method="post" action="/lang">${view.csrf}<input type="hidden" name="locale" value="${other}"><input type="hidden" name="back" value="${view.path}"><button type="submit" lang="${other}">${view.tr("desk.language")}</button></form>
<form class="inline" method="post" action="/signout">${view.csrf}<button type="submit">${view.tr("desk.signOut")}</button></form></span></header>
<main>${view.flash ? html`<div class="flash ${view.flash.ok ? "ok" : "bad"}" role="status">${view.flash.text}</div>` : ""}<h1>${title}</h1>${body}</main></body></html>`;
}

/** The page shown to anyone without a session: how to get a link, nothing else. */
export function signInPage(locale: Locale, note?: MessageKey): SafeHtml {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${t(locale, "desk.signIn.title")}</title><style>${trusted(STYLE)}</style></head>
<body><main><h1>${t(locale, "desk.signIn.title")}</h1>${note ? html`<p class="flash bad">${t(locale, note)}</p>` : ""}
<p>${t(locale, "desk.signIn.body")}</p><p class="muted" lang="${locale === "en" ? "zh-CN" : "en"}">${t(locale === "en" ? "zh-CN" : "en", "desk.signIn.body")}</p></main></body></html>`;
}

import { z } from "zod";
import type { ApplyKey } from "./i18n.ts";
import { type Contact, type Draft, SHOP_PLATFORMS, type ShopPlatform, type Step } from "./model.ts";

/**
 * Validates one answer of the dialogue. Each step has a zod schema that turns the typed text into
 * the stored value; a failure names the catalogue key of the helpful re-ask, never zod's message.
 */
export type Answer<T> = { ok: true; value: T } | { ok: false; problem: ApplyKey };

/** Length in characters as people count them (an emoji or a Han character is one). */
const chars = (s: string) => [...s].length;

function boundedText(min: number, max: number) {
  return z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .refine((s) => chars(s) >= min && chars(s) <= max);
}

const ShopName = boundedText(1, 60);
const Category = boundedText(1, 40);
const ContactName = boundedText(1, 30);

/** Every way people name the platforms, in both languages, lowercased; digits are the list position. */
const PLATFORM_WORDS: Record<string, ShopPlatform> = {
  tmall: "tmall",
  天猫: "tmall",
  天猫商城: "tmall",
  taobao: "taobao",
  淘宝: "taobao",
  淘宝网: "taobao",
  jd: "jd",
  "jd.com": "jd",
  jingdong: "jd",
  京东: "jd",
  京东商城: "jd",
  pinduoduo: "pinduoduo",
  pdd: "pinduoduo",
  拼多多: "pinduoduo",
  amazon: "amazon",
  亚马逊: "amazon",
  other: "other",
  others: "other",
  其他: "other",
  其它: "other",
};

const PlatformAnswer = z.string().transform((s, ctx) => {
  const word = s
    .trim()
    .toLowerCase()
    .replace(/[。.!！]+$/, "");
  const n = Number.parseInt(word, 10);
  if (/^\d$/.test(word) && n >= 1 && n <= SHOP_PLATFORMS.length) return SHOP_PLATFORMS[n - 1] as ShopPlatform;
  const found = PLATFORM_WORDS[word];
  if (found) return found;
  ctx.addIssue({ code: "custom", message: "unknown platform" });
  return z.NEVER;
});

const SKIP_WORDS = new Set(["skip", "跳过", "无", "没有", "none", "/skip"]);

/** A shop address: `http(s)://`, or a bare `shop123.taobao.com/…` which gets `https://` in front. */
const ShopLink = z.string().transform((s, ctx) => {
  const text = s.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    const hostOk = /^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname);
    if ((url.protocol === "http:" || url.protocol === "https:") && hostOk && !/\s/.test(text)) {
      return url.toString().slice(0, 500);
    }
  } catch {
    // not a URL: fall through to the issue below
  }
  ctx.addIssue({ code: "custom", message: "not a link" });
  return z.NEVER;
});

/** Mainland mobile: 11 digits starting with 1; spaces, dashes and a +86 prefix are tolerated. */
const PHONE = /^1\d{10}$/;
/** WeChat's own rule for custom IDs: 6–20 letters, digits, `_` or `-`, starting with a letter (old `wxid_…` ids fit too). */
const WECHAT_ID = /^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/;

const ContactAnswer = z.string().transform((s, ctx): Contact => {
  const text = s.trim();
  const digits = text.replace(/[\s\-()（）]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  if (PHONE.test(digits)) return { kind: "phone", value: digits };
  const id = text.replace(/^(微信号?|wechat(\s*id)?)\s*[:：]?\s*/i, "");
  if (WECHAT_ID.test(id)) return { kind: "wechat", value: id };
  ctx.addIssue({ code: "custom", message: "not a phone or WeChat ID" });
  return z.NEVER;
});

function check<T>(schema: z.ZodType<T, string>, text: string, problem: ApplyKey): Answer<T> {
  const r = schema.safeParse(text);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem };
}

export function isSkip(text: string): boolean {
  return SKIP_WORDS.has(text.trim().toLowerCase());
}

/**
 * Validates `raw` (as the applicant typed it) as the answer to `step` and returns the draft with it
 * filled in. Names keep their own punctuation; links, numbers and platform names are read after
 * folding full-width characters (`１３８…`, `ｈｔｔｐｓ`).
 */
export function applyAnswer(step: Step, raw: string, draft: Draft): Answer<Draft> {
  const text =
    step === "shopName" || step === "category" || step === "contactName" ? raw : raw.normalize("NFKC");
  const put = <K extends Step>(key: K, r: Answer<Draft[K]>): Answer<Draft> =>
    r.ok ? { ok: true, value: { ...draft, [key]: r.value } } : r;
  switch (step) {
    case "shopName":
      return put("shopName", check(ShopName, text, "invalid.shopName"));
    case "platform":
      return put("platform", check(PlatformAnswer, text, "invalid.platform"));
    case "shopLink":
      if (isSkip(text)) {
        return draft.platform === "other"
          ? { ok: true, value: { ...draft, shopLink: null } }
          : { ok: false, problem: "invalid.shopLinkRequired" };
      }
      return put("shopLink", check(ShopLink, text, "invalid.shopLink"));
    case "category":
      return put("category", check(Category, text, "invalid.category"));
    case "contactName":
      return put("contactName", check(ContactName, text, "invalid.contactName"));
    case "contact":
      return put("contact", check(ContactAnswer, text, "invalid.contact"));
  }
}

/** Whether a step still needs an answer (a skipped link counts as missing once the platform is not `other`). */
export function isMissing(step: Step, draft: Draft): boolean {
  if (step === "shopLink") {
    return draft.shopLink === undefined || (draft.shopLink === null && draft.platform !== "other");
  }
  return draft[step] === undefined;
}

/** The draft as a complete application, or undefined while any answer is missing. */
export function completeDraft(draft: Draft): Required<Draft> | undefined {
  const { shopName, platform, shopLink, category, contactName, contact } = draft;
  if (!shopName || !platform || shopLink === undefined || !category || !contactName || !contact)
    return undefined;
  if (shopLink === null && platform !== "other") return undefined;
  return { shopName, platform, shopLink, category, contactName, contact };
}

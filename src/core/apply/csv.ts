import type { ApplicationRecord } from "./model.ts";

/**
 * Applications as CSV for the operator (RFC 4180: comma-separated, CRLF line ends, fields with a
 * comma, quote or line break wrapped in double quotes with inner quotes doubled). This export holds
 * personal data on purpose: it is the operator's own copy, written to their terminal or file.
 */
export const CSV_COLUMNS = [
  "id",
  "status",
  "created_at",
  "reviewed_at",
  "reviewed_by",
  "shop_name",
  "shop_platform",
  "shop_link",
  "category",
  "contact_name",
  "contact_kind",
  "contact",
  "applicant_id",
  "applicant_name",
  "chat_platform",
  "reject_reason",
  "invite",
] as const;

function row(a: ApplicationRecord): Record<(typeof CSV_COLUMNS)[number], string | undefined> {
  return {
    id: a.id,
    status: a.status,
    created_at: a.createdAt,
    reviewed_at: a.reviewedAt,
    reviewed_by: a.reviewedBy,
    shop_name: a.shopName,
    shop_platform: a.shopPlatform,
    shop_link: a.shopLink ?? "",
    category: a.category,
    contact_name: a.contactName,
    contact_kind: a.contact?.kind,
    contact: a.contact?.value,
    applicant_id: a.applicantId,
    applicant_name: a.applicantName,
    chat_platform: a.platform,
    reject_reason: a.rejectReason,
    invite: a.invite,
  };
}

/**
 * One field, quoted when needed. A field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
 * first) gets a leading apostrophe: applicants type these fields, the operator opens the file.
 */
export function csvField(value: string | undefined): string {
  let v = value ?? "";
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(apps: readonly ApplicationRecord[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const a of apps) {
    const r = row(a);
    lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

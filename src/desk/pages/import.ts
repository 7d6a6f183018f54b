import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { type Edition, IsoDate, type Issue } from "../../domain/issue.ts";
import { IngestError } from "../../ingest/errors.ts";
import { detectFormat, parseIssueSource } from "../../ingest/load.ts";
import { previewSection, renderIssueParts } from "../../platforms/desk-preview.ts";
import { IssueAlreadyPushedError } from "../../store/store.ts";
import { auditDesk } from "../actions.ts";
import type { Session } from "../auth.ts";
import { html, type SafeHtml } from "../html.ts";
import { page, type View } from "../layout.ts";
import type { DeskContext } from "../server.ts";
import { issueWarnings } from "../warnings.ts";

/** The import form as posted: the text (pasted, or read from a chosen file by the page), date, edition. */
const ImportForm = z.object({
  text: z.string().max(1_000_000).default(""),
  name: z.string().max(200).optional(),
  date: z.union([z.literal(""), IsoDate]).default(""),
  edition: z.enum(["evening", "morning"]).default("evening"),
  force: z.string().optional(),
});
type ImportForm = z.infer<typeof ImportForm>;

function form(view: View, f: Partial<ImportForm>): SafeHtml {
  return html`<form method="post" action="/import/preview" id="import-form">${view.csrf}
<p><label for="text">${view.tr("desk.import.paste")}</label><textarea id="text" name="text" spellcheck="false">${f.text ?? ""}</textarea></p>
<p><label>${view.tr("desk.import.file")} <input type="file" id="file" accept=".txt,.json,.md,text/plain,application/json"></label>
<input type="hidden" name="name" id="file-name" value="${f.name ?? ""}"></p>
<p><label>${view.tr("desk.import.date")} <input type="text" name="date" placeholder="YYYY-MM-DD" value="${f.date ?? ""}" size="12"></label>
<label>${view.tr("desk.import.edition")} <select name="edition"><option value="evening"${f.edition === "morning" ? "" : html` selected`}>${view.tr(
    "desk.edition.evening",
  )}</option><option value="morning"${f.edition === "morning" ? html` selected` : ""}>${view.tr("desk.edition.morning")}</option></select></label></p>
<p><button class="primary" type="submit">${view.tr("desk.import.preview")}</button></p></form>`;
}

function parse(ctx: DeskContext, f: ImportForm): { issue: Issue } | { error: string } {
  if (!f.text.trim()) return { error: "" };
  try {
    const issue = parseIssueSource(f.text, {
      date: f.date || undefined,
      tz: ctx.deps.config.tz,
      format: detectFormat(f.text, f.name),
    });
    return { issue: { ...issue, edition: f.edition as Edition } };
  } catch (err) {
    if (err instanceof IngestError) return { error: err.message };
    throw err;
  }
}

export function registerImportPages(server: FastifyInstance, ctx: DeskContext): void {
  server.get("/import", async (req, reply) => {
    const view = ctx.view(req);
    return ctx.sendPage(reply, page(view, view.tr("desk.import.title"), form(view, {})));
  });

  server.post("/import/preview", async (req, reply) => {
    const view = ctx.view(req);
    const parsedForm = ImportForm.safeParse(req.body);
    if (!parsedForm.success) {
      view.flash = {
        text: view.tr("desk.badInput", { problem: parsedForm.error.issues[0]?.message ?? "" }),
        ok: false,
      };
      return ctx.sendPage(reply, page(view, view.tr("desk.import.title"), form(view, {})), 400);
    }
    const f = parsedForm.data;
    const result = parse(ctx, f);
    if ("error" in result) {
      view.flash = {
        text: result.error
          ? view.tr("desk.import.failed", { error: result.error })
          : view.tr("desk.import.empty"),
        ok: false,
      };
      return ctx.sendPage(reply, page(view, view.tr("desk.import.title"), form(view, f)), 422);
    }
    const { issue } = result;
    const parts = renderIssueParts(issue);
    const warnings = issueWarnings(issue, parts, ctx.deps.config, view.locale);
    const items = issue.sections.reduce((n, s) => n + s.items.length, 0);
    const edition = view.tr(issue.edition === "morning" ? "desk.edition.morning" : "desk.edition.evening");
    const body = html`<p class="flash ok">${view.tr("desk.import.nothingStored")}</p>
<p><strong data-summary>${view.tr("desk.import.parsed", {
      date: issue.date,
      edition,
      title: issue.title,
      headlines: issue.headlines.length,
      sections: issue.sections.length,
      items,
    })}</strong></p>
<form method="post" action="/import/save">${view.csrf}<textarea name="text" hidden>${f.text}</textarea>
<input type="hidden" name="name" value="${f.name ?? ""}"><input type="hidden" name="date" value="${issue.date}"><input type="hidden" name="edition" value="${issue.edition}">
<label><input type="checkbox" name="force" value="1"> ${view.tr("desk.import.force")}</label>
<button class="primary" type="submit">${view.tr("desk.import.save")}</button></form>
<h2>${view.tr("desk.import.warnings", { count: warnings.length })}</h2>
${
  warnings.length
    ? html`<ul class="warnings">${warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul>`
    : html`<p class="muted">${view.tr("desk.import.noWarnings")}</p>`
}
<h2>${view.tr("desk.issue.preview")}</h2>
${previewSection(view, parts)}
<details><summary>${view.tr("desk.import.title")}</summary>${form(view, f)}</details>`;
    return ctx.sendPage(reply, page(view, view.tr("desk.import.preview"), body));
  });

  server.post("/import/save", async (req, reply) => {
    const session = req.deskSession as Session;
    const view = ctx.view(req);
    const parsedForm = ImportForm.safeParse(req.body);
    const f = parsedForm.success ? parsedForm.data : undefined;
    const result = f ? parse(ctx, f) : { error: "" };
    if (!f || "error" in result) {
      const text = view.tr("desk.import.failed", { error: "error" in result ? result.error : "" });
      return ctx.done(req, reply, "/import", text, false);
    }
    const { issue } = result;
    try {
      const { replaced } = await ctx.deps.store.putIssue(issue, { force: f.force === "1" });
      await auditDesk(
        ctx.deps,
        session,
        `import ${issue.date} ${issue.edition}`,
        true,
        replaced ? "replaced" : "imported",
      );
      const key = replaced ? "desk.import.replaced" : "desk.import.saved";
      return ctx.done(
        req,
        reply,
        `/issues/${issue.date}?edition=${issue.edition}`,
        view.tr(key, { date: issue.date }),
      );
    } catch (err) {
      if (!(err instanceof IssueAlreadyPushedError)) throw err;
      await auditDesk(
        ctx.deps,
        session,
        `import ${issue.date} ${issue.edition}`,
        true,
        "refused: already pushed",
      );
      return ctx.done(
        req,
        reply,
        "/import",
        view.tr("desk.import.alreadyPushed", { date: issue.date }),
        false,
      );
    }
  });
}

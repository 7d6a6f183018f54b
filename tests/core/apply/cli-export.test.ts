import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerApplicationsCommand, renderApplications } from "../../../src/cli/applications.ts";
import { csvField } from "../../../src/core/apply/csv.ts";
import { cleanEnv, REPO_ROOT, runCli } from "../../support/run-cli.ts";
import { ADMIN, applyAndConfirm, type Harness, harness, pm } from "./support.ts";

/** Whether the lead has registered the command in src/cli.ts yet (then the real binary is tested too). */
const registered = readFileSync(join(REPO_ROOT, "src/cli.ts"), "utf8").includes(
  "registerApplicationsCommand",
);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A minimal RFC 4180 reader, to check the export round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("the operator's applications command", () => {
  it("exports every application as CSV that a spreadsheet reads back field for field", async () => {
    h = await harness("file");
    await applyAndConfirm(h.apps, "telegram:1", [
      'Socks, "Sunny" & Co',
      "淘宝",
      "https://a.taobao.com/?a=1,2",
      "袜子\n配件",
      "=HYPERLINK(1)",
      "13812345678",
    ]);
    await applyAndConfirm(h.apps, "telegram:2", [
      "Tea",
      "3",
      "https://mall.jd.com/1",
      "茶",
      "Li",
      "li_tea88",
    ]);
    await h.send(pm("/reject 2 资料不全，请补充", ADMIN));

    const csv = await renderApplications(h.store, { export: "csv" });
    const rows = parseCsv(csv);
    const [header, first, second] = rows;
    expect(rows).toHaveLength(3);
    const col = (row: string[] | undefined, name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(col(first, "shop_name")).toBe('Socks, "Sunny" & Co');
    expect(col(first, "shop_link")).toBe("https://a.taobao.com/?a=1,2");
    // Line breaks in an answer were folded to a space by the dialogue, so each record is one line.
    expect(col(first, "category")).toBe("袜子 配件");
    // A formula-looking answer is defused for spreadsheets.
    expect(col(first, "contact_name")).toBe("'=HYPERLINK(1)");
    expect(col(first, "contact")).toBe("13812345678");
    expect(col(second, "status")).toBe("rejected");
    expect(col(second, "reject_reason")).toBe("资料不全，请补充");

    const onlyRejected = parseCsv(await renderApplications(h.store, { export: "csv", status: "rejected" }));
    expect(onlyRejected.map((r) => r[0])).toEqual(["id", "2"]);
  });

  it("lists applications in the terminal with contact details masked", async () => {
    h = await harness("memory");
    await applyAndConfirm(h.apps);
    const text = await renderApplications(h.store, {});
    expect(text).toContain("#1");
    expect(text).toContain("138****5678");
    expect(text).not.toContain("13812345678");
    expect(await renderApplications(h.store, { status: "approved" })).toContain("no applications (approved)");
  });

  it("quotes only the fields that need it", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField(undefined)).toBe("");
    expect(csvField("+86")).toBe("'+86");
  });
});

describe("`paperboy applications` as a command", () => {
  it("parses its options with commander and prints the CSV of the data dir's applications", async () => {
    h = await harness("file");
    await applyAndConfirm(h.apps);
    await h.store.close();
    const program = new Command().exitOverride();
    registerApplicationsCommand(program);
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.stubEnv("PAPERBOY_DATA_DIR", h.config.dataDir);
    try {
      await program.parseAsync([
        "node",
        "paperboy",
        "applications",
        "--export",
        "csv",
        "--status",
        "pending",
      ]);
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    const csv = out.join("");
    expect(csv.split("\r\n")[0]).toMatch(/^id,status,/);
    expect(csv).toContain("13812345678");
    const errors: string[] = [];
    program.commands[0]?.configureOutput({ writeErr: (t) => errors.push(t) });
    await expect(
      program.parseAsync(["node", "paperboy", "applications", "--status", "maybe"]),
    ).rejects.toThrow();
    expect(errors.join("")).toMatch(/expected one of pending, approved, rejected, withdrawn, all/);
  });

  it.skipIf(!registered)("`node bin/paperboy.js applications --export csv` prints the CSV", async () => {
    h = await harness("file");
    await applyAndConfirm(h.apps);
    const result = await runCli(["applications", "--export", "csv"], {
      env: cleanEnv({ PAPERBOY_DATA_DIR: h.config.dataDir }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^id,status,/);
    expect(result.stdout).toContain("Sunny Socks 小店");
    expect(result.stdout.charCodeAt(0)).not.toBe(0xfeff);
  });

  it.skipIf(!registered)(
    "`--excel` starts the CSV with the UTF-8 byte order mark Excel needs for Chinese",
    async () => {
      h = await harness("file");
      await applyAndConfirm(h.apps);
      const result = await runCli(["applications", "--excel"], {
        env: cleanEnv({ PAPERBOY_DATA_DIR: h.config.dataDir }),
      });
      expect(result.code).toBe(0);
      const bytes = Buffer.from(result.stdout, "utf8");
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(parseCsv(result.stdout.slice(1))[0]?.[0]).toBe("id");
      expect(result.stdout).toContain("Sunny Socks 小店");
    },
  );
});

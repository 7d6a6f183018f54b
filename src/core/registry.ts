import { normalizeWord } from "../domain/sections.ts";
import type { CommandSpec, RegisteredCommand } from "./types.ts";

/** Erases a command's argument type once its schema has been wired to its handler. */
export function defineCommand<A>(spec: CommandSpec<A>): RegisteredCommand {
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    keywords: spec.keywords ?? [],
    keywordTakesArgs: spec.keywordTakesArgs ?? false,
    keywordPatterns: spec.keywordPatterns ?? [],
    where: spec.where,
    admin: spec.admin ?? false,
    listedAdminsOnly: spec.listedAdminsOnly ?? false,
    help: spec.help,
    usage: spec.usage,
    auditAs: spec.auditAs,
    async execute(ctx, rawArgs) {
      const parsed = spec.args.safeParse(rawArgs);
      if (!parsed.success) {
        return { ok: false, problem: parsed.error.issues[0]?.message ?? "invalid" };
      }
      return { ok: true, replies: await spec.run(ctx, parsed.data) };
    },
  };
}

/** Looks commands up by slash name and by keyword. Built once; duplicate words are a programming error. */
export class Registry {
  private readonly byName = new Map<string, RegisteredCommand>();
  private readonly byKeyword = new Map<string, RegisteredCommand>();

  constructor(readonly commands: readonly RegisteredCommand[]) {
    for (const c of commands) {
      for (const n of [c.name, ...c.aliases]) {
        const key = n.toLowerCase();
        if (!/^[a-z0-9_]{1,32}$/.test(key))
          throw new Error(`command name \`${n}\` is not a valid slash name`);
        const prev = this.byName.get(key);
        if (prev) throw new Error(`command name \`${n}\` is used by both ${prev.name} and ${c.name}`);
        this.byName.set(key, c);
      }
      for (const k of c.keywords) {
        const key = normalizeWord(k);
        const prev = this.byKeyword.get(key);
        if (prev) throw new Error(`keyword \`${k}\` is used by both ${prev.name} and ${c.name}`);
        this.byKeyword.set(key, c);
      }
    }
  }

  /** A keyword form with its arguments in it (`通过 12`); `text` is already width-folded. */
  byPattern(text: string): { command: RegisteredCommand; args: string } | undefined {
    for (const command of this.commands) {
      for (const pattern of command.keywordPatterns) {
        const m = pattern.exec(text);
        if (m) return { command, args: (m[1] ?? "").trim() };
      }
    }
    return undefined;
  }

  byCommandName(name: string): RegisteredCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  byWord(word: string): RegisteredCommand | undefined {
    return this.byKeyword.get(normalizeWord(word));
  }

  /**
   * A keyword that takes arguments written straight before them with no space (`订阅跨境`, `搜索亚马逊`):
   * Chinese does not separate words. The longest keyword wins (`搜索` before `搜`).
   */
  byPrefix(text: string): { command: RegisteredCommand; keyword: string; rest: string } | undefined {
    const t = normalizeWord(text);
    let best: { command: RegisteredCommand; keyword: string; rest: string } | undefined;
    for (const [keyword, command] of this.byKeyword) {
      if (!command.keywordTakesArgs || !t.startsWith(keyword) || t.length === keyword.length) continue;
      if (!best || keyword.length > best.keyword.length)
        best = { command, keyword, rest: t.slice(keyword.length).trim() };
    }
    return best;
  }
}

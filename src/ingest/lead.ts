import type { Headline } from "../domain/issue.ts";
import type { LineShape } from "./classify.ts";
import type { Line } from "./lines.ts";
import { splitNumberedRun } from "./numbered.ts";

/** A lead entry ends with one of these; without it, the next line may carry on the same entry. */
const ENDED = /[。.!！?？]$/;

/**
 * The numbered lead, which starts on the title line and sometimes spills over: a pasted issue may
 * wrap it (`…2.阿里云与宝马` / `达成合作；3.…`) or continue it on its own line (`3.…；4.…`).
 */
export class Lead {
  private text: string;
  /** Whether the line just before was part of the lead and stopped mid-entry. */
  private open: boolean;

  constructor(fromTitleLine: string) {
    this.text = fromTitleLine.trim();
    this.open = this.text !== "" && !ENDED.test(this.text);
  }

  get headlines(): Headline[] {
    return splitNumberedRun(this.text);
  }

  /** The number a continuation line must start with. */
  nextNumber(): number {
    const last = this.headlines[this.headlines.length - 1];
    return (last?.n ?? 0) + 1;
  }

  /** Offers a line seen before the first section; true when it continued the lead. */
  take(line: Line, shape: LineShape): boolean {
    const continues =
      (shape.kind === "item" && shape.n === this.nextNumber()) || (shape.kind === "text" && this.open);
    if (!continues) {
      this.open = false;
      return false;
    }
    this.append(line.text);
    this.open = line.images.length === 0 && !ENDED.test(line.text);
    return true;
  }

  private append(more: string): void {
    const before = this.text.slice(-1);
    const after = more.slice(0, 1);
    // Chinese wraps with no space; anything next to Latin letters or digits needs one.
    const glue =
      /[\u3000-\u9fff\uff00-\uffef]/.test(before) && /[\u3000-\u9fff\uff00-\uffef]/.test(after) ? "" : " ";
    this.text = this.text ? `${this.text}${glue}${more}` : more;
  }
}

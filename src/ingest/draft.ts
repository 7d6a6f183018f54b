import type { Image } from "../domain/issue.ts";

/** An item while the parser is still collecting its lines; `line` is where it starts. */
export interface DraftItem {
  n: number;
  line: number;
  title: string;
  body: string[];
  images: Image[];
}

/** A section while the parser is still collecting its lines; `line` is its header's. */
export interface DraftSection {
  key: string;
  title: string;
  line: number;
  isView: boolean;
  items: DraftItem[];
  /** The editorial's text, or the few lines some sections carry before their first item. */
  body: string[];
  images: Image[];
}

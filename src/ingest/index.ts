export { IngestError } from "./errors.ts";
export { detectFormat, type IssueFormat, loadIssueFile, parseIssueSource } from "./load.ts";
export { type JsonParseOptions, parseIssueJson } from "./parse-json.ts";
export { parseNewsletterText, type TextParseOptions } from "./parse-text.ts";

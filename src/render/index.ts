export { buttonHint, typedCommand } from "./commands.ts";
export {
  footerBlocks,
  formatIssueDate,
  headlineBlocks,
  sectionBlocks,
  sectionDisplayName,
  sourceText,
} from "./issue-blocks.ts";

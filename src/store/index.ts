export { FileStore, type FileStoreOptions } from "./file-store.ts";
export {
  emptyMainFile,
  type FileFormat,
  ISSUE_FORMAT,
  MAIN_FORMAT,
  type MainFile,
  type Migration,
  migrate,
} from "./format.ts";
export { type StorePaths, storePaths } from "./layout.ts";
export { MemoryStore } from "./memory.ts";
export { type OpenStoreOptions, openStore } from "./open.ts";
export * from "./store.ts";

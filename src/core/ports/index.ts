export * from "./adapter.ts";
export * from "./descriptor.ts";
export * from "./errors.ts";
export * from "./incoming.ts";
export * from "./rate-limits.ts";
export * from "./reply.ts";

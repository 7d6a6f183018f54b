export { type ConsoleAdapterOptions, createConsoleAdapter } from "./bot.ts";

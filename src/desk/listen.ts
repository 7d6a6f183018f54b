import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DeskAuth } from "./auth.ts";
import type { DeskDeps } from "./deps.ts";
import type { DeskPages } from "./server.ts";

export interface Desk {
  /** Where editors open it (PAPERBOY_DESK_URL, else the address it listens on). */
  readonly url: string;
  /** A one-time sign-in link for a paperboy admin; refused for anyone else. */
  signInLink(admin: string): string;
  readonly auth: DeskAuth;
  close(): Promise<void>;
}

/**
 * The desk's port, taken at start so its address is printed and a taken port is said at once; the
 * pages (fastify, its plugins, every page module) are loaded at the first request. A bot whose
 * desk nobody opens today does not carry them: ~30 MB of its idle memory, and part of its start.
 */
export async function startDesk(deps: DeskDeps, opts: { host?: string; port?: number } = {}): Promise<Desk> {
  const { config, log } = deps;
  const auth = new DeskAuth();
  let pages: Promise<DeskPages> | undefined;
  const loadPages = () => {
    if (!pages) {
      const loading = import("./server.ts").then(({ buildDeskPages }) => buildDeskPages(deps, auth));
      // A failed load is tried again at the next request, not remembered.
      loading.catch(() => {
        if (pages === loading) pages = undefined;
      });
      pages = loading;
    }
    return pages;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    loadPages().then(
      (p) => p.handle(req, res),
      (err: unknown) => {
        log.error({ err }, "desk: the pages could not be loaded");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("desk unavailable\n");
      },
    );
  });
  const host = opts.host ?? config.desk.host;
  const port = opts.port ?? config.desk.port;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = (config.desk.url ?? `http://${shownHost}:${boundPort}`).replace(/\/+$/, "");
  log.info({ url }, "desk listening");

  return {
    url,
    auth,
    signInLink(admin: string) {
      if (!config.admins.includes(admin)) throw new Error(`${admin} is not listed in PAPERBOY_ADMINS`);
      return `${url}/signin/${auth.issueLink(admin)}`;
    },
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open event streams (the push progress page) would hold close() forever.
      server.closeAllConnections();
      await closing;
      if (pages) await (await pages.catch(() => undefined))?.close();
    },
  };
}

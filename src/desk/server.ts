import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { Locale } from "../domain/locale.ts";
import { stillAdmin } from "./actions.ts";
import { type DeskAuth, SESSION_COOKIE, type Session, sameSecret } from "./auth.ts";
import { CLIENT_JS } from "./client.ts";
import type { DeskDeps } from "./deps.ts";
import type { SafeHtml } from "./html.ts";
import { makeView, signInPage, type View } from "./layout.ts";
import { registerApplicationPages } from "./pages/applications.ts";
import { registerBroadcastPages } from "./pages/broadcast.ts";
import { registerChatPages } from "./pages/chats.ts";
import { registerImportPages } from "./pages/import.ts";
import { registerIssuePages } from "./pages/issues.ts";
import { registerReportPages } from "./pages/reports.ts";
import { registerTodayPage } from "./pages/today.ts";
import { registerProgressStream } from "./progress.ts";

declare module "fastify" {
  interface FastifyRequest {
    deskSession?: Session;
  }
}

/** What page modules get: the bot, and a few helpers to answer as the desk does. */
export interface DeskContext {
  deps: DeskDeps;
  view(req: FastifyRequest): View;
  sendPage(reply: FastifyReply, markup: SafeHtml, status?: number): FastifyReply;
  /** Remembers what an action did and sends the browser to `to` (post, redirect, get). */
  done(req: FastifyRequest, reply: FastifyReply, to: string, text: string, ok?: boolean): FastifyReply;
}

/** The desk's pages, answering the requests of the port `listen.ts` holds. */
export interface DeskPages {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

/** Paths anyone may open: the sign-in link itself and the page that explains how to get one. */
const PUBLIC = /^\/(signin\/[A-Za-z0-9_-]{1,100}|welcome)$/;

/**
 * The editor's desk: server-rendered pages on fastify, served by the bot process. Nothing is
 * shown without a session, which only a one-time link opens; every change carries the session's
 * CSRF token; the admin is checked again on every request. Built at the first request (see
 * listen.ts): fastify never listens itself, its request handler is handed the port's requests.
 */
export async function buildDeskPages(deps: DeskDeps, auth: DeskAuth): Promise<DeskPages> {
  const { config, log } = deps;
  const secure = Boolean(config.desk.url?.startsWith("https:"));
  let handle: DeskPages["handle"] | undefined;
  const server = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: secure,
    serverFactory: (handler) => {
      handle = handler;
      return createServer();
    },
  });
  await server.register(fastifyCookie);
  await server.register(fastifyFormbody);

  const defaultLocale: Locale = config.locale;

  server.addHook("onRequest", async (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (PUBLIC.test(path)) return;
    const session = auth.session(req.cookies[SESSION_COOKIE]);
    if (!session) {
      reply.code(401).type("text/html; charset=utf-8").header("cache-control", "no-store");
      return reply.send(signInPage(defaultLocale).value);
    }
    if (!stillAdmin(deps, session)) {
      auth.end(session.id);
      reply.code(403).type("text/html; charset=utf-8");
      return reply.send(signInPage(session.locale, "desk.signIn.expired").value);
    }
    req.deskSession = session;
  });
  // Every change needs the session's token (a hidden form field or the X-CSRF-Token header):
  // another site can make the browser post, but cannot read the token. SameSite=Strict is the second lock.
  server.addHook("preHandler", async (req, reply) => {
    if (req.method === "GET" || req.method === "HEAD" || !req.deskSession) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sent = typeof body.csrf === "string" ? body.csrf : String(req.headers["x-csrf-token"] ?? "");
    if (!sameSecret(sent, req.deskSession.csrf)) {
      reply.code(403).type("text/plain; charset=utf-8");
      return reply.send(makeView(req.deskSession, "/").tr("desk.csrf"));
    }
  });
  server.addHook("onSend", async (_req, reply, payload) => {
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-content-type-options", "nosniff");
    reply.header(
      "content-security-policy",
      "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    );
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });

  const ctx: DeskContext = {
    deps,
    view(req) {
      const session = req.deskSession as Session;
      const flash = session.flash;
      session.flash = undefined;
      return makeView(session, req.url.split("?")[0] ?? "/", flash);
    },
    sendPage(reply, markup, status = 200) {
      return reply.code(status).type("text/html; charset=utf-8").send(markup.value);
    },
    done(req, reply, to, text, ok = true) {
      if (req.deskSession) req.deskSession.flash = { text, ok };
      return reply.redirect(to, 303);
    },
  };

  server.get<{ Params: { token: string } }>("/signin/:token", async (req, reply) => {
    const session = auth.redeem(req.params.token, defaultLocale);
    if (!session || !stillAdmin(deps, session)) {
      if (session) auth.end(session.id);
      return ctx.sendPage(reply, signInPage(defaultLocale, "desk.signIn.expired"), 401);
    }
    log.info({ admin: session.admin }, "desk: signed in");
    reply.setCookie(SESSION_COOKIE, session.id, {
      path: "/",
      httpOnly: true,
      sameSite: "strict",
      secure,
      maxAge: 12 * 3600,
    });
    return reply.redirect("/", 303);
  });
  server.get("/welcome", async (_req, reply) => ctx.sendPage(reply, signInPage(defaultLocale)));
  server.get("/desk.js", async (_req, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "private, max-age=300")
      .send(CLIENT_JS),
  );
  server.post("/signout", async (req, reply) => {
    if (req.deskSession) auth.end(req.deskSession.id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return ctx.sendPage(reply, signInPage(defaultLocale, "desk.signIn.signedOut"));
  });
  server.post("/lang", async (req, reply) => {
    const body = req.body as { locale?: string; back?: string };
    const session = req.deskSession as Session;
    session.locale = body.locale === "en" ? "en" : "zh-CN";
    const back = typeof body.back === "string" && /^\/[\w\-/.]*$/.test(body.back) ? body.back : "/";
    return reply.redirect(back, 303);
  });

  registerProgressStream(server, ctx);
  registerTodayPage(server, ctx);
  registerIssuePages(server, ctx);
  registerImportPages(server, ctx);
  registerChatPages(server, ctx);
  registerReportPages(server, ctx);
  registerApplicationPages(server, ctx);
  registerBroadcastPages(server, ctx);

  await server.ready();
  const handler = handle;
  if (!handler) throw new Error("fastify did not hand over its request handler");
  return {
    handle: handler,
    async close() {
      await server.close();
    },
  };
}

import type NodeSchedule from "node-schedule";
import type { Config } from "../config.ts";
import type { Approvals } from "../core/approval.ts";
import { t } from "../core/i18n/index.ts";
import type { Reply } from "../core/ports/index.ts";
import { todayIn } from "../domain/today.ts";
import { IngestError } from "../ingest/errors.ts";
import type { FetchOutcome } from "../ingest/web/fetch-into-store.ts";
import { cronParser, nodeSchedule } from "../lazy-require.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";

/** How long before the push the source is fetched when PAPERBOY_FETCH_AT is not set. */
export const FETCH_LEAD_MINUTES = 30;

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface IssueSourceOptions {
  config: Config;
  store: Store;
  log: Logger;
  approvals: Approvals;
  notifyAdmins(reply: Reply): Promise<void>;
  now?: () => Date;
  /** How often the store is looked at for issues imported or saved elsewhere (default 20 s). */
  watchMs?: number;
  retryMinMs?: number;
}

export interface IssueSource {
  /** One fetch of PAPERBOY_SOURCE_URL now; failures are told to the admins, never thrown. */
  fetchNow(): Promise<FetchOutcome | undefined>;
  /** Looks at the recent issues in the store (a CLI import, a desk save) and hands new versions on. */
  check(): Promise<void>;
  nextFetch(): Date | undefined;
  stop(): void;
}

/** The next time `cron` fires after `from`, in its timezone. */
function nextFire(cron: string, tz: string, from: Date): Date | undefined {
  try {
    return cronParser().parseExpression(cron, { currentDate: from, tz }).next().toDate();
  } catch {
    return undefined;
  }
}

/**
 * Where issues come from by themselves: fetches the publisher's site at PAPERBOY_FETCH_AT (else
 * 30 minutes before each push), again every PAPERBOY_RECHECK_MINUTES after today's issue went out
 * (a typo fixed on the site becomes a correction; conditional requests keep that cheap), and
 * watches the store for versions written by other processes. Every version goes to the approvals
 * service, which previews, holds, approves or corrects.
 */
export function startIssueSource(opts: IssueSourceOptions): IssueSource {
  const { config, store, log, approvals } = opts;
  const now = opts.now ?? (() => new Date());
  const timers: NodeJS.Timeout[] = [];
  let job: NodeSchedule.Job | null = null;
  let leadTimer: NodeJS.Timeout | undefined;
  let leadAt: Date | undefined;
  let stopped = false;
  let lastProblem: string | undefined;
  let fetching: Promise<FetchOutcome | undefined> | undefined;

  async function tell(key: "fetch.failed" | "fetch.notIssue", reason: string): Promise<void> {
    // A site that stays broken is said once, not at every recheck.
    if (lastProblem === reason) return;
    lastProblem = reason;
    await opts.notifyAdmins({ blocks: [{ kind: "paragraph", text: t(config.locale, key, { reason }) }] });
  }

  async function fetchOnce(): Promise<FetchOutcome | undefined> {
    if (!config.sourceUrl) return undefined;
    try {
      // Loaded on the first fetch: a bot without a source never pays for the HTML and feed parsers.
      const { fetchIntoStore } = await import("../ingest/web/fetch-into-store.ts");
      const outcome = await fetchIntoStore(config, store, { retryMinMs: opts.retryMinMs, now: now() });
      lastProblem = undefined;
      log.info({ status: outcome.status, url: config.sourceUrl }, "source fetched");
      if (outcome.status === "stored" || outcome.status === "same")
        await approvals.observe(outcome.issue, outcome.articleUrl);
      return outcome;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      log.warn({ err: reason, url: config.sourceUrl }, "fetching the source failed: nothing stored");
      await tell(err instanceof IngestError ? "fetch.notIssue" : "fetch.failed", reason);
      return undefined;
    }
  }

  function fetchNow(): Promise<FetchOutcome | undefined> {
    // One fetch at a time: the schedule and a recheck may meet.
    fetching ??= fetchOnce().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  async function check(): Promise<void> {
    const today = todayIn(config.tz, now());
    const yesterday = todayIn(config.tz, new Date(now().getTime() - 86_400_000));
    for (const s of await store.listIssues()) {
      if (s.date !== today && s.date !== yesterday) continue;
      const issue = await store.getIssue(s.date, s.edition);
      if (issue) await approvals.observe(issue);
    }
  }

  /** Without PAPERBOY_FETCH_AT: a timer to 30 minutes before the next push, set again after each. */
  function armLead(): void {
    if (stopped) return;
    const fire = nextFire(config.pushAt, config.tz, new Date(now().getTime() + FETCH_LEAD_MINUTES * 60_000));
    if (!fire) return;
    const at = new Date(fire.getTime() - FETCH_LEAD_MINUTES * 60_000);
    leadAt = at;
    const wait = Math.max(0, at.getTime() - now().getTime());
    // Node's timers stop at about 24.8 days; a push further away is waited for in steps.
    const step = Math.min(wait, MAX_TIMER_MS);
    leadTimer = setTimeout(() => {
      if (step < wait) return armLead();
      void fetchNow().finally(armLead);
    }, step);
    leadTimer.unref?.();
  }

  if (config.sourceUrl) {
    if (config.fetchAt) {
      job = nodeSchedule().scheduleJob({ rule: config.fetchAt, tz: config.tz }, () => void fetchNow());
    } else armLead();
    if (config.recheckMinutes > 0) {
      const recheck = setInterval(() => {
        void (async () => {
          const today = todayIn(config.tz, now());
          const pushed = (await store.listIssues()).some((s) => s.date === today && s.pushedAt);
          if (pushed) await fetchNow();
        })().catch((err: unknown) => log.warn({ err }, "recheck of the source failed"));
      }, config.recheckMinutes * 60_000);
      recheck.unref?.();
      timers.push(recheck);
    }
    log.info(
      { url: config.sourceUrl, next: (job?.nextInvocation() ?? leadAt)?.toISOString() },
      "source fetch scheduled",
    );
  }
  const watch = setInterval(() => {
    check().catch((err: unknown) => log.warn({ err }, "looking for changed issues failed"));
  }, opts.watchMs ?? 20_000);
  watch.unref?.();
  timers.push(watch);

  return {
    fetchNow,
    check,
    nextFetch: () => job?.nextInvocation() ?? leadAt,
    stop() {
      stopped = true;
      job?.cancel();
      if (leadTimer) clearTimeout(leadTimer);
      for (const timer of timers) clearInterval(timer);
    },
  };
}

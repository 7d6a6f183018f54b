import { types } from "wechaty";
import type { FriendshipInterface } from "wechaty/impls";
import { normalizeWord } from "../../domain/sections.ts";
import type { Logger } from "../../log.ts";

export interface FriendPolicy {
  /** Accept friend requests automatically (WECHAT_ACCEPT_FRIENDS, on by default). */
  acceptFriends: boolean;
  /** Accept only requests whose hello contains this word (e.g. `加入`), compared width- and case-blind. */
  friendKeyword?: string;
}

export type FriendOutcome = "accepted" | "greeted" | "disabled" | "no-keyword" | "ignored";

/** Remembers whom we greeted lately, so a Receive followed by the puppet's Confirm greets once. */
export class RecentlyGreeted {
  private readonly at = new Map<string, number>();
  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now = () => Date.now(),
  ) {}
  /** True the first time for an id within the ttl (and records it). */
  claim(id: string): boolean {
    const t = this.now();
    for (const [k, v] of this.at) if (t - v > this.ttlMs) this.at.delete(k);
    if (this.at.has(id)) return false;
    this.at.set(id, t);
    return true;
  }
}

/**
 * A friend request → accepted (per policy) and greeted. Requests are accepted before greeting because
 * WeChat delivers nothing to a stranger. A "confirm" (the account accepted by itself, e.g. when adding
 * it needs no verification) is greeted too, once.
 */
export async function handleFriendship(
  friendship: FriendshipInterface,
  policy: FriendPolicy,
  greet: (contactId: string) => Promise<void>,
  greeted: RecentlyGreeted,
  log: Logger,
): Promise<FriendOutcome> {
  const type = friendship.type();
  const contact = friendship.contact();
  if (type === types.Friendship.Confirm) {
    if (!greeted.claim(contact.id)) return "ignored";
    await greet(contact.id);
    return "greeted";
  }
  if (type !== types.Friendship.Receive) return "ignored";
  if (!policy.acceptFriends) {
    log.info("wechat: a friend request arrived; automatic acceptance is off (WECHAT_ACCEPT_FRIENDS)");
    return "disabled";
  }
  const keyword = policy.friendKeyword ? normalizeWord(policy.friendKeyword) : "";
  if (keyword && !normalizeWord(friendship.hello() ?? "").includes(keyword)) {
    // The hello is the stranger's own words: not logged.
    log.info("wechat: a friend request without the keyword was left for a person to review");
    return "no-keyword";
  }
  await friendship.accept();
  log.info("wechat: friend request accepted");
  if (greeted.claim(contact.id)) await greet(contact.id);
  return "accepted";
}

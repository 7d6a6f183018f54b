/** Why a guarded fetch refused or gave up; `reason` is stable for callers and messages. */
export type FetchRefusalReason =
  | "bad-url"
  | "scheme"
  | "host-not-allowed"
  | "private-address"
  | "dns"
  | "too-many-redirects"
  | "too-large"
  | "timeout"
  | "network";

export class FetchRefused extends Error {
  constructor(
    readonly reason: FetchRefusalReason,
    readonly url: string,
    detail: string,
  ) {
    super(`${url}: ${detail}`);
    this.name = "FetchRefused";
  }
}

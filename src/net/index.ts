export { addressRange, hostMatches, isPublicAddress } from "./address-policy.ts";
export { type FetchRefusalReason, FetchRefused } from "./errors.ts";
export {
  FETCH_DEFAULTS,
  type GuardedFetchOptions,
  type GuardedResponse,
  guardedFetch,
  type Resolver,
} from "./guarded-fetch.ts";

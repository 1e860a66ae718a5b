// Okta's limits for identity-source requests, read from the operation registry and the validation
// rules that `npm run generate` derives from the spec (x-idsrc-limits, x-idsrc-session-limits and
// the schemas' maxLength). These named views exist for callers that want one number; the client
// and the mock read the registry itself.
import { REQUEST_LIMITS, SESSION_LIMITS } from "../generated/registry.js";
import { LENGTHS, PARAM_RULES, type Rule } from "../generated/rules.js";

/** Most entities one bulk request may carry (Okta's guide: "up to 200 entities"). */
export const MAX_BULK_ENTITIES: number = REQUEST_LIMITS.maxEntities;
/** Most bytes of JSON one bulk request may carry. The guide says "200 KB"; 200,000 is safe for either reading of KB. */
export const MAX_BULK_BYTES: number = REQUEST_LIMITS.maxBytes;
/** Most bulk-load requests one import session accepts. */
export const MAX_REQUESTS_PER_SESSION: number = SESSION_LIMITS.maxBulkRequests;

/** A length range in UTF-16 code units, as JSON Schema counts them. */
export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

const max = (rule: Rule): number => ("max" in rule && rule.max) || Infinity;

type Lengths = Readonly<Record<string, { readonly min: number; readonly max: number | null }>>;
/** The length range of each named attribute of a profile. */
type Ranges<P extends Lengths> = { readonly [K in keyof P]: LengthRange };

const ranges = <P extends Lengths>(profile: P): Ranges<P> =>
  Object.fromEntries(
    Object.entries(profile).map(([name, { min, max }]) => [name, { min, max: max ?? Infinity }]),
  ) as Ranges<P>;

const { users, groups, devices } = LENGTHS;

/** Length limits of identifiers and profile attributes, in UTF-16 code units as JSON Schema counts them. */
export const LIMITS = {
  userExternalId: max(PARAM_RULES.externalId),
  groupExternalId: max(PARAM_RULES.groupOrExternalId),
  memberExternalId: max(PARAM_RULES.memberExternalId),
  deviceExternalId: devices.externalId,
  user: ranges(users.profile),
  group: ranges(groups.profile),
  device: ranges(devices.profile),
};

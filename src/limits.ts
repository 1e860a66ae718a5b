// Okta's limits for identity-source requests, in one place. Sources: facts file sections 3, 5, 9, 10
// (Okta's spec and the Anything-as-a-Source guide). test/spec checks these against openapi/.

/** Most entities one bulk request may carry (guide: "up to 200 entities"). */
export const MAX_BULK_ENTITIES = 200;
/** Most bytes of JSON one bulk request may carry. The guide says "200 KB"; 200,000 is safe for either reading of KB. */
export const MAX_BULK_BYTES = 200_000;
/** Most bulk-load requests one import session accepts. */
export const MAX_REQUESTS_PER_SESSION = 50;

/** Length limits of identifiers and profile attributes, in UTF-16 code units as JSON Schema counts them. */
export const LIMITS = {
  userExternalId: 512,
  groupExternalId: 255,
  memberExternalId: 255,
  deviceExternalId: 127,
  user: {
    email: { min: 5, max: 100 },
    secondEmail: { min: 5, max: 100 },
    firstName: { min: 1, max: 50 },
    lastName: { min: 1, max: 50 },
    userName: { min: 0, max: 100 },
    mobilePhone: { min: 0, max: 100 },
    homeAddress: { min: 0, max: 4096 },
  },
  group: {
    displayName: { min: 1, max: 255 },
    description: { min: 0, max: 1024 },
  },
  device: {
    serialNumber: { min: 1, max: 127 },
    platform: { min: 1, max: 255 },
    displayName: { min: 1, max: 255 },
  },
} as const;

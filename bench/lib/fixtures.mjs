// The fixed payloads of the per-call benchmark: one session, 200 users with custom attributes.

export const IDENTITY_SOURCE_ID = "0oa3l6l6WK6h0R0QW0g4";
export const SESSION_ID = "aps1qqonvr2SZv6o70h8";
export const TOKEN = "bench-token-0123456789";

export const SESSION = {
  id: SESSION_ID,
  identitySourceId: IDENTITY_SOURCE_ID,
  status: "CREATED",
  importType: "INCREMENTAL",
  created: "2022-04-04T15:56:05.000Z",
  lastUpdated: "2022-04-04T15:56:05.000Z",
};

/** `count` users shaped like an HR export: named attributes plus two custom ones. */
export function makeUsers(count, offset = 0) {
  return Array.from({ length: count }, (_, i) => {
    const n = String(offset + i).padStart(7, "0");
    return {
      externalId: `EXT${n}`,
      profile: {
        userName: `user${n}@example.com`,
        email: `user${n}@example.com`,
        firstName: "Isaac",
        lastName: `Brock${n}`,
        mobilePhone: "+1-555-415-1337",
        department: "Engineering",
        costCenter: `CC-${n.slice(-3)}`,
      },
    };
  });
}

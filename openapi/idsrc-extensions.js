// Declares this project's vendor extensions (x-idsrc-*) to Redocly, so `npm run lint:spec` checks
// their shape (unknown keys, wrong types, missing fields) like any other part of the spec.
// What they mean is written in openapi.yaml's description and in the README.

const Bulk = {
  properties: {
    kind: { type: "string" },
    action: { enum: ["upsert", "delete"] },
    effect: { enum: ["remove", "deactivate"] },
    owner: { type: "string" },
  },
  required: ["kind", "action"],
};
const Limits = {
  properties: { maxEntities: { type: "integer" }, maxBytes: { type: "integer" } },
  required: ["maxEntities", "maxBytes"],
};
const SessionLimits = {
  properties: { maxBulkRequests: { type: "integer" } },
  required: ["maxBulkRequests"],
};
const Realtime = { properties: { resource: { type: "string" } }, required: ["resource"] };

export default function idsrcExtensions() {
  return {
    id: "idsrc",
    typeExtension: {
      oas3(types) {
        return {
          ...types,
          IdsrcBulk: Bulk,
          IdsrcLimits: Limits,
          IdsrcSessionLimits: SessionLimits,
          IdsrcRealtime: Realtime,
          Operation: {
            ...types.Operation,
            properties: {
              ...types.Operation.properties,
              "x-idsrc-bulk": "IdsrcBulk",
              "x-idsrc-limits": "IdsrcLimits",
              "x-idsrc-session-limits": "IdsrcSessionLimits",
              "x-idsrc-realtime": "IdsrcRealtime",
              "x-idsrc-idempotent": { type: "boolean" },
            },
          },
        };
      },
    },
  };
}

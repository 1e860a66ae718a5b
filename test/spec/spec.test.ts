import { describe, expect, it } from "vitest";
import { openapiDocument } from "../../generated/openapi-document.js";
import { LIMITS, MAX_BULK_ENTITIES } from "../../src/limits.js";

// Walks the bundled spec (the same document the mock validates with) and pins what Okta's definition and guide say (docs/okta-behaviour.md).
const doc = openapiDocument as {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
};
const prefix = "/api/v1/identity-sources/{identitySourceId}";
const methods = ["get", "post", "put", "patch", "delete"];
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
);
const schema = (name: string) => doc.components.schemas[name];
const resolve = (node: any): any =>
  node?.$ref ? schema(node.$ref.replace("#/components/schemas/", "")) : node;

describe("the bundled spec", () => {
  it("holds exactly the 25 identity-source operations with Okta's operationIds", () => {
    const list = operations.map(
      (o) => `${o.method.toUpperCase()} ${o.path.slice(prefix.length)} ${o.op.operationId}`,
    );
    expect(list.sort()).toEqual(
      [
        "POST /sessions createIdentitySourceSession",
        "GET /sessions listIdentitySourceSessions",
        "GET /sessions/{sessionId} getIdentitySourceSession",
        "DELETE /sessions/{sessionId} deleteIdentitySourceSession",
        "POST /sessions/{sessionId}/start-import startImportFromIdentitySource",
        "POST /sessions/{sessionId}/bulk-upsert uploadIdentitySourceDataForUpsert",
        "POST /sessions/{sessionId}/bulk-delete uploadIdentitySourceDataForDelete",
        "POST /sessions/{sessionId}/bulk-groups-upsert uploadIdentitySourceGroupsForUpsert",
        "POST /sessions/{sessionId}/bulk-groups-delete uploadIdentitySourceGroupsDataForDelete",
        "POST /sessions/{sessionId}/bulk-group-memberships-upsert uploadIdentitySourceGroupMembershipsForUpsert",
        "POST /sessions/{sessionId}/bulk-group-memberships-delete uploadIdentitySourceGroupMembershipsForDelete",
        "POST /sessions/{sessionId}/bulk-devices-upsert uploadIdentitySourceDevicesForUpsert",
        "POST /sessions/{sessionId}/bulk-devices-delete uploadIdentitySourceDevicesForDelete",
        "POST /users createIdentitySourceUser",
        "GET /users/{externalId} getIdentitySourceUser",
        "PUT /users/{externalId} replaceExistingIdentitySourceUser",
        "PATCH /users/{externalId} updateIdentitySourceUsers",
        "DELETE /users/{externalId} deleteIdentitySourceUser",
        "POST /groups createIdentitySourceGroups",
        "GET /groups/{groupOrExternalId} getIdentitySourceGroup",
        "POST /groups/{groupOrExternalId} updateIdentitySourceGroups",
        "DELETE /groups/{groupOrExternalId} deleteIdentitySourceGroup",
        "GET /groups/{groupOrExternalId}/membership getIdentitySourceGroupMemberships",
        "POST /groups/{groupOrExternalId}/membership createIdentitySourceGroupsMemberships",
        "DELETE /groups/{groupOrExternalId}/membership/{memberExternalId} deleteIdentitySourceGroupMemberships",
      ].sort(),
    );
  });

  it("gives every operation apiToken or the exact OAuth scope: read for GETs, manage for the rest", () => {
    for (const { method, op } of operations) {
      const scope = method === "get" ? "okta.identitySources.read" : "okta.identitySources.manage";
      expect(op.security, op.operationId).toEqual([{ apiToken: [] }, { oauth2: [scope] }]);
    }
    expect(doc.components.securitySchemes.apiToken).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
    expect(
      Object.keys(doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes).sort(),
    ).toEqual(["okta.identitySources.manage", "okta.identitySources.read"]);
  });

  it("declares the Error responses and the rate-limit headers on every operation", () => {
    for (const { op } of operations) {
      for (const code of ["400", "401", "403", "404", "429", "5XX"]) {
        expect(op.responses[code]?.$ref, `${op.operationId} ${code}`).toMatch(
          /^#\/components\/responses\/Error/,
        );
      }
    }
    const responses = (doc.components as any).responses as Record<string, any>;
    for (const [name, response] of Object.entries(responses)) {
      expect(Object.keys(response.headers ?? {}), name).toEqual(
        expect.arrayContaining([
          "X-Rate-Limit-Limit",
          "X-Rate-Limit-Remaining",
          "X-Rate-Limit-Reset",
          "X-Okta-Request-Id",
        ]),
      );
    }
  });

  it("marks the device operations early access", () => {
    const devices = operations.filter((o) => o.path.includes("bulk-devices"));
    expect(devices).toHaveLength(2);
    for (const { op } of devices) {
      expect(op["x-okta-early-access"]).toBe(true);
      expect(op["x-okta-lifecycle"].lifecycle).toBe("EA");
    }
  });

  it("pins the user profile fields, their limits and custom string attributes", () => {
    const profile = schema("IdentitySourceUserProfileForUpsert");
    expect(Object.keys(profile.properties).sort()).toEqual([
      "email",
      "firstName",
      "homeAddress",
      "lastName",
      "mobilePhone",
      "secondEmail",
      "userName",
    ]);
    for (const [field, { min, max }] of Object.entries(LIMITS.user)) {
      expect(profile.properties[field].maxLength, field).toBe(max);
      expect(profile.properties[field].minLength ?? 0, field).toBe(min);
    }
    expect(profile.properties.firstName.type).toEqual(["string", "null"]);
    expect(profile.properties.email.type).toBe("string");
    expect(profile.additionalProperties.type).toEqual(["string", "null"]);
    const required = schema("IdentitySourceUserProfileForUpsertRequired").allOf[1].required;
    expect(required.sort()).toEqual(["email", "userName"]);
  });

  it("pins the session schema and its status enum", () => {
    const session = schema("IdentitySourceSession");
    expect(Object.keys(session.properties).sort()).toEqual([
      "created",
      "id",
      "identitySourceId",
      "importType",
      "lastUpdated",
      "status",
    ]);
    expect(session.properties.id.readOnly).toBe(true);
    expect(session.properties.created.format).toBe("date-time");
    expect(schema("IdentitySourceSessionStatus").enum).toEqual([
      "CLOSED",
      "COMPLETED",
      "CREATED",
      "ERROR",
      "EXPIRED",
      "IN_PROGRESS",
      "TRIGGERED",
    ]);
  });

  it("limits every bulk body to 200 entities and IDs to their lengths", () => {
    const arrays = {
      BulkUpsertRequestBody: (s: any) => s.properties.profiles,
      BulkDeleteRequestBody: (s: any) => s.properties.profiles,
      BulkGroupUpsertRequestBody: (s: any) => s.properties.profiles,
      BulkGroupDeleteRequestBody: (s: any) => s.properties.externalIds,
      BulkGroupMembershipsUpsertRequestBody: (s: any) => resolve(s.properties.memberships),
      BulkGroupMembershipsDeleteRequestBody: (s: any) => resolve(s.properties.memberships),
      BulkDeviceUpsertRequestBody: (s: any) => s.properties.profiles,
      BulkDeviceDeleteRequestBody: (s: any) => s.properties.externalIds,
    };
    for (const [name, pick] of Object.entries(arrays)) {
      expect(pick(schema(name)).maxItems, name).toBe(MAX_BULK_ENTITIES);
    }
    expect(schema("BulkUpsertUser").properties.externalId.maxLength).toBe(LIMITS.userExternalId);
    expect(schema("BulkUpsertGroup").properties.externalId.maxLength).toBe(LIMITS.groupExternalId);
    expect(schema("BulkGroupMembership").properties.memberExternalIds.items.maxLength).toBe(
      LIMITS.memberExternalId,
    );
    expect(schema("BulkUpsertDevice").properties.externalId.maxLength).toBe(
      LIMITS.deviceExternalId,
    );
    const device = schema("IdentitySourceDeviceProfile");
    expect(device.required.sort()).toEqual(["displayName", "platform", "serialNumber"]);
    expect(device.additionalProperties).toBe(false);
    for (const [field, { max }] of Object.entries(LIMITS.device)) {
      expect(device.properties[field].maxLength, field).toBe(max);
    }
    const group = schema("IdentitySourceGroupProfileForUpsert");
    for (const [field, { max }] of Object.entries(LIMITS.group)) {
      expect(group.properties[field].maxLength, field).toBe(max);
    }
  });
});

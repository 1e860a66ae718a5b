// The generated operation registry says what the spec says: one entry per operation with its
// method, path and scope, which operations are safe to repeat, and one bulk entry per upload
// whose limits agree with the body schema's maxItems.
import { describe, expect, it } from "vitest";
import { openapiDocument } from "../../generated/openapi-document.js";
import {
  BULK,
  BULK_METHODS,
  ENTITY_KINDS,
  LINK_KINDS,
  OPERATIONS,
  REQUEST_LIMITS,
  SESSION_LIMITS,
} from "../../generated/registry.js";
import { BULK_RULES, LENGTHS, PARAM_RULES } from "../../generated/rules.js";
import { bulkBody } from "../../src/bulk-bodies.js";
import {
  LIMITS,
  MAX_BULK_BYTES,
  MAX_BULK_ENTITIES,
  MAX_REQUESTS_PER_SESSION,
} from "../../src/limits.js";
import { specValidators } from "../../src/testing/validate.js";
// @ts-expect-error: a plain ES module of the build scripts, without declarations
import { buildRegistry as buildRegistryUntyped } from "../../scripts/generate-registry.mjs";

const doc = openapiDocument as any;
const buildRegistry = buildRegistryUntyped as (document: unknown) => unknown;
const methods = ["get", "post", "put", "patch", "delete"];
const fromSpec = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
  methods.filter((m) => item[m]).map((m) => ({ path, method: m.toUpperCase(), op: item[m] })),
);

describe("the operation registry", () => {
  it("has every operation of the spec, with its method, path and OAuth scope", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(fromSpec.map((o) => o.op.operationId).sort());
    for (const { path, method, op } of fromSpec) {
      const entry = OPERATIONS[op.operationId as keyof typeof OPERATIONS];
      expect(entry, op.operationId).toMatchObject({ operationId: op.operationId, method, path });
      expect(entry.scope, op.operationId).toBe(op.security[1].oauth2[0]);
    }
  });

  it("marks as unsafe to repeat exactly the POSTs that create something or trigger an import", () => {
    const unsafe = Object.values(OPERATIONS)
      .filter((o) => !o.idempotent)
      .map((o) => o.operationId)
      .sort();
    expect(unsafe).toEqual([
      "createIdentitySourceGroups",
      "createIdentitySourceSession",
      "createIdentitySourceUser",
      "startImportFromIdentitySource",
    ]);
  });

  it("has one bulk entry per upload, under the name source.import() uses, with its limits", () => {
    const uploads = fromSpec.filter((o) => /\/bulk-[a-z-]+$/.test(o.path));
    expect(
      Object.values(BULK)
        .map((b) => b.operationId)
        .sort(),
    ).toEqual(uploads.map((o) => o.op.operationId).sort());
    expect(Object.keys(BULK)).toEqual([
      "users",
      "deletedUsers",
      "groups",
      "deletedGroups",
      "memberships",
      "deletedMemberships",
      "devices",
      "deletedDevices",
    ]);
    for (const [name, bulk] of Object.entries(BULK)) {
      expect(BULK_METHODS[name as keyof typeof BULK_METHODS]).toBe(bulk.method);
      expect(bulk.method).toBe(`${bulk.action}${bulk.kind[0]!.toUpperCase()}${bulk.kind.slice(1)}`);
      expect(bulk.maxEntities, name).toBe(200);
      expect(bulk.maxBytes, name).toBe(200_000);
      expect(BULK_RULES[name as keyof typeof BULK_RULES].max, name).toBe(bulk.maxEntities);
    }
    expect(BULK.deletedUsers.effect).toBe("deactivate");
    expect(BULK.deletedDevices.effect).toBe("remove");
    expect(REQUEST_LIMITS).toEqual({ maxEntities: 200, maxBytes: 200_000 });
    expect(SESSION_LIMITS).toEqual({ maxBulkRequests: 50 });
  });

  it("lays out each bulk body as the spec's schema wants it", () => {
    const validators = specValidators();
    const samples: Record<keyof typeof BULK, unknown> = {
      users: { externalId: "U1", profile: { email: "u1@example.com", userName: "u1" } },
      deletedUsers: "U1",
      groups: { externalId: "G1", profile: { displayName: "G" } },
      deletedGroups: "G1",
      memberships: { groupExternalId: "G1", memberExternalIds: ["U1"] },
      deletedMemberships: { groupExternalId: "G1", memberExternalIds: ["U1"] },
      devices: {
        externalId: "D1",
        profile: { serialNumber: "S", platform: "P", displayName: "D" },
      },
      deletedDevices: "D1",
    };
    for (const [name, bulk] of Object.entries(BULK)) {
      const body = bulkBody(
        name as keyof typeof BULK,
        [samples[name as keyof typeof BULK]] as never,
      );
      const validate = validators.body(bulk.operationId)!;
      expect(validate(body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(bulkBody("deletedUsers", ["U1"])).toEqual({
      entityType: "USERS",
      profiles: [{ externalId: "U1" }],
    });
  });

  it("keeps the named limits of src/limits.ts", () => {
    expect([MAX_BULK_ENTITIES, MAX_BULK_BYTES, MAX_REQUESTS_PER_SESSION]).toEqual([
      200, 200_000, 50,
    ]);
    expect(LIMITS.userExternalId).toBe(PARAM_RULES.externalId.max);
    expect([LIMITS.userExternalId, LIMITS.groupExternalId, LIMITS.memberExternalId]).toEqual([
      512, 255, 255,
    ]);
    expect(LIMITS.deviceExternalId).toBe(LENGTHS.devices.externalId);
    expect(LIMITS.user.email).toEqual({ min: 5, max: 100 });
    expect(LIMITS.user.userName).toEqual({ min: 0, max: 100 });
    expect(LIMITS.group.description).toEqual({ min: 0, max: 1024 });
    expect(LIMITS.device.serialNumber).toEqual({ min: 1, max: 127 });
  });

  it("lists the kinds sync keeps: entity kinds, and links with the entity kind that owns them", () => {
    expect(ENTITY_KINDS).toEqual({
      users: { upsert: "users", delete: "deletedUsers" },
      groups: { upsert: "groups", delete: "deletedGroups" },
      devices: { upsert: "devices", delete: "deletedDevices" },
    });
    expect(LINK_KINDS).toEqual({
      memberships: { upsert: "memberships", delete: "deletedMemberships", owner: "groups" },
    });
    for (const [name, bulk] of Object.entries(BULK)) {
      expect(bulk.owner, name).toBe(bulk.shape === "links" ? "groups" : null);
    }
  });

  it("stops the generation when x-idsrc-bulk owner is missing, misplaced or not an entity kind", () => {
    const bulkOf = (document: any, operationId: string) => {
      for (const item of Object.values(document.paths) as any[]) {
        if (item.post?.operationId === operationId) return item.post["x-idsrc-bulk"];
      }
      throw new Error(`no ${operationId}`);
    };
    const generate = (change: (document: any) => void) => () => {
      const document = structuredClone(doc);
      change(document);
      buildRegistry(document);
    };
    expect(generate(() => {})).not.toThrow();
    expect(
      generate((d) => delete bulkOf(d, "uploadIdentitySourceGroupMembershipsForUpsert").owner),
    ).toThrow(
      "generate: uploadIdentitySourceGroupMembershipsForUpsert: x-idsrc-bulk owner is required on uploads of links and refused on others",
    );
    expect(
      generate((d) => (bulkOf(d, "uploadIdentitySourceDataForUpsert").owner = "groups")),
    ).toThrow("uploadIdentitySourceDataForUpsert: x-idsrc-bulk owner is required");
    expect(
      generate((d) => (bulkOf(d, "uploadIdentitySourceGroupMembershipsForDelete").owner = "users")),
    ).toThrow(
      "generate: uploadIdentitySourceGroupMembershipsForDelete: owner users differs from the upsert's groups",
    );
    expect(
      generate((d) => {
        bulkOf(d, "uploadIdentitySourceGroupMembershipsForUpsert").owner = "teams";
        bulkOf(d, "uploadIdentitySourceGroupMembershipsForDelete").owner = "teams";
      }),
    ).toThrow(
      "generate: uploadIdentitySourceGroupMembershipsForUpsert: owner teams is not an entity kind with an upsert of entities and a delete by ID",
    );
  });
});

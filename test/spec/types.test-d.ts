import { describe, expectTypeOf, it } from "vitest";
import type {
  BulkUpsertUser,
  IdentitySourceSessionStatus,
  RequiredUserProfile,
  UserProfile,
  paths,
} from "../../src/index.js";

describe("generated types", () => {
  it("accept custom profile attributes without a cast", () => {
    const profile: RequiredUserProfile = {
      userName: "ann",
      email: "ann@example.com",
      department: "R&D",
    };
    const nullable: UserProfile = { firstName: null, costCenter: null };
    expectTypeOf(profile.department).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(nullable).toMatchTypeOf<UserProfile>();
  });

  it("reject a missing required field", () => {
    // @ts-expect-error email is required in real-time profiles
    const missing: RequiredUserProfile = { userName: "ann" };
    // @ts-expect-error externalId is required in a bulk upsert item
    const noId: BulkUpsertUser = { profile: { email: "ann@example.com" } };
    expectTypeOf(missing).not.toBeAny();
    expectTypeOf(noId).not.toBeAny();
  });

  it("reject a wrong enum value and a non-string attribute", () => {
    // @ts-expect-error not a session status
    const status: IdentitySourceSessionStatus = "RUNNING";
    // @ts-expect-error profile values are strings or null
    const numeric: UserProfile = { employeeNumber: 42 };
    expectTypeOf(status).toEqualTypeOf<IdentitySourceSessionStatus>();
    expectTypeOf(numeric).not.toBeAny();
  });

  it("reject a misspelled path", () => {
    type SessionPath = paths["/api/v1/identity-sources/{identitySourceId}/sessions"];
    expectTypeOf<SessionPath["post"]>().not.toBeNever();
    // @ts-expect-error there is no /session path
    type Wrong = paths["/api/v1/identity-sources/{identitySourceId}/session"];
    expectTypeOf<Wrong>().toBeAny();
  });
});

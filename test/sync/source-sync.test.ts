// `source.sync()` on the public client, with the store factories and the error class from the
// `okta-identity-sources/sync` entry (src/sync/index.ts).
import { afterEach, describe, expect, it } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import { createMemoryStore, OktaSyncSafeguardError } from "../../src/sync/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { FAST, SOURCE_ID, startMock, user } from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(async () => mock?.close());

const bulkRequests = (m: MockOkta) => m.requests.filter((r) => r.path.includes("/bulk-")).length;

describe("source.sync", () => {
  it("sends everything once, then nothing for the same snapshot, and guards against mass deletes", async () => {
    mock = await startMock();
    const source = createIdentitySourceClient({
      orgUrl: mock.url,
      token: mock.apiToken,
    }).identitySource(SOURCE_ID);
    const store = createMemoryStore();
    const users = Array.from({ length: 450 }, (_, i) => user(i));

    const first = await source.sync({ users }, { store, ...FAST });
    expect(bulkRequests(mock)).toBe(3);
    expect(mock.state(SOURCE_ID).users).toHaveLength(450);
    expect(first.plan.counts.users.create).toBe(450);

    mock.clearRequests();
    await source.sync({ users }, { store, ...FAST });
    expect(mock.requests).toHaveLength(0);

    const error = await source
      .sync({ users: users.slice(0, 300) }, { store, ...FAST })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OktaSyncSafeguardError);
    expect(error.message).toContain("150 of 450 known users");
    expect(mock.requests).toHaveLength(0);
  });
});

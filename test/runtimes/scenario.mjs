// The one scenario every runtime of the matrix runs against the embedded mock, through the packed
// package as a user installs it. Plain JavaScript with no platform API beyond fetch and timers, so
// the same file runs in Node, Bun, Deno, workerd and a browser page.
import {
  createIdentitySourceClient,
  OktaConnectionError,
  OktaNotFoundError,
  OktaValidationError,
} from "okta-identity-sources";
import { createMemoryStore } from "okta-identity-sources/sync";

/** The steps, in the order they run and the table shows them. */
export const STEPS = [
  "session",
  "upsert",
  "start",
  "completed",
  "get-user",
  "not-found",
  "refused-201",
  "connection",
  "oauth-dpop",
  "import-1000",
  "sync-memory",
  "sync-sqlite",
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const user = (i, extra = {}) => ({
  externalId: `rt-${i}`,
  profile: {
    userName: `rt${i}@example.com`,
    email: `rt${i}@example.com`,
    costCenter: `CC-${i % 7}`,
    ...extra,
  },
});

/**
 * Runs every step; a failed step is recorded and the next one still runs.
 * @param config {orgUrl, token, sourceId, importSourceId, syncSourceId, clientId, privateKey, refusedUrl}
 * @param sqlite an optional async factory of this runtime's SQLite SyncStore (see the README's
 *   runtime table); without it the sync-sqlite step is reported as not run.
 */
export async function runScenario(config, sqlite) {
  const results = {};
  const step = async (name, body) => {
    const started = Date.now();
    try {
      const detail = await body();
      results[name] = { ok: true, ms: Date.now() - started, ...(detail ? { detail } : {}) };
    } catch (e) {
      results[name] = {
        ok: false,
        ms: Date.now() - started,
        error: `${e?.name ?? "Error"}: ${e?.message ?? String(e)}`,
      };
    }
  };

  let sent = 0;
  const okta = createIdentitySourceClient({
    orgUrl: config.orgUrl,
    token: config.token,
    onRequest: () => {
      sent++;
    },
  });
  const source = okta.identitySource(config.sourceId);
  let session;

  await step("session", async () => {
    session = await source.sessions.create();
    check(session.status === "CREATED", `new session is ${session.status}`);
  });
  await step("upsert", async () => {
    await source.sessions.upsertUsers(session.id, [user(1), user(2), user(3)]);
  });
  await step("start", async () => {
    const started = await source.sessions.startImport(session.id);
    check(
      started.status === "TRIGGERED" || started.status === "COMPLETED",
      `started: ${started.status}`,
    );
  });
  await step("completed", async () => {
    for (let i = 0; i < 400; i++) {
      const { status } = await source.sessions.get(session.id);
      if (status === "COMPLETED") return `after ${i + 1} polls`;
      check(status === "TRIGGERED" || status === "IN_PROGRESS", `session ended ${status}`);
      await sleep(25);
    }
    throw new Error("not COMPLETED after 400 polls");
  });
  await step("get-user", async () => {
    const got = await source.users.get("rt-2");
    check(got.profile?.costCenter === "CC-2", `custom attribute is ${got.profile?.costCenter}`);
  });
  await step("not-found", async () => {
    const error = await source.users.get("rt-nobody").then(
      () => undefined,
      (e) => e,
    );
    check(error instanceof OktaNotFoundError, `got ${error?.name}`);
    check(error.status === 404, `status ${error.status}`);
  });
  await step("refused-201", async () => {
    const before = sent;
    const next = await source.sessions.create();
    const many = Array.from({ length: 201 }, (_, i) => user(1000 + i));
    const error = await source.sessions.upsertUsers(next.id, many).then(
      () => undefined,
      (e) => e,
    );
    await source.sessions.delete(next.id);
    check(error instanceof OktaValidationError, `got ${error?.name}: ${error?.message}`);
    check(error.limit === 200, `limit ${error.limit}`);
    // create and delete only: the 201 users never left the process.
    check(sent - before === 2, `${sent - before} requests sent`);
  });
  await step("connection", async () => {
    const offline = createIdentitySourceClient({
      orgUrl: config.refusedUrl,
      token: "t",
      maxRetries: 0,
    });
    const error = await offline
      .identitySource(config.sourceId)
      .sessions.list()
      .then(
        () => undefined,
        (e) => e,
      );
    check(error instanceof OktaConnectionError, `got ${error?.name}: ${error?.message}`);
    check(error.cause !== undefined, "no cause");
    // What this runtime's fetch threw, for the record.
    return `${error.cause?.name}: ${error.cause?.message}`.slice(0, 120);
  });
  await step("oauth-dpop", async () => {
    // The same key as PEM and as JWK: both go through the runtime's Web Crypto.
    for (const privateKey of [config.privateKey, config.privateJwk]) {
      const oauth = createIdentitySourceClient({
        orgUrl: config.orgUrl,
        oauth: { clientId: config.clientId, privateKey, dpop: true },
      });
      const sessions = await oauth.identitySource(config.sourceId).sessions.list();
      check(Array.isArray(sessions), "no session list");
    }
  });
  await step("import-1000", async () => {
    const users = Array.from({ length: 1000 }, (_, i) => user(i));
    const report = await okta
      .identitySource(config.importSourceId)
      .import({ users }, { pollInterval: 20 });
    check(report.counts.users === 1000, `${report.counts.users} users accepted`);
    check(
      report.sessions.every((s) => s.status === "COMPLETED"),
      "a session did not complete",
    );
    return `${report.sessions.length} session(s), ${report.requests} bulk requests`;
  });
  const syncTwice = async (store) => {
    const target = okta.identitySource(config.syncSourceId);
    const users = Array.from({ length: 20 }, (_, i) => user(5000 + i));
    const first = await target.sync({ users }, { store, pollInterval: 20 });
    check(first.outcome === "applied", `first run: ${first.outcome}`);
    check(first.confirmedSessions.length > 0, "no session confirmed");
    const second = await target.sync({ users }, { store, pollInterval: 20 });
    check(second.outcome === "unchanged", `second run: ${second.outcome}`);
  };
  await step("sync-memory", () => syncTwice(createMemoryStore()));
  // The runtime's own SQLite (node:sqlite on Node 22.5+, bun:sqlite on Bun, better-sqlite3 on Node
  // 20), picked by the store itself: the first run writes the file, and after closing and reopening
  // it the second run finds nothing to send.
  if (sqlite) {
    await step("sync-sqlite", async () => {
      const target = okta.identitySource(config.syncSourceId);
      const users = Array.from({ length: 20 }, (_, i) => user(6000 + i));
      const store = await sqlite();
      check(store.driver === config.sqlite.driver, `driver ${store.driver}`);
      const first = await target.sync({ users }, { store, pollInterval: 20 });
      await store.close();
      check(first.outcome === "applied", `first run: ${first.outcome}`);
      const reopened = await sqlite();
      const second = await target.sync({ users }, { store: reopened, pollInterval: 20 });
      await reopened.close();
      check(second.outcome === "unchanged", `second run: ${second.outcome}`);
      return store.driver;
    });
  }
  return results;
}

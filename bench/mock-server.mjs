// The embedded mock for the import benchmarks, in its own process so the CLI's memory and CPU are
// measured alone. Options arrive as JSON in argv[2] (Infinity as the string "Infinity"); the URL
// goes back over IPC; "summary" and "requests" ask for what the mock saw.
import { distUrl } from "./lib/paths.mjs";

const { startMockOkta } = await import(distUrl("src/testing/index.js"));
const options = JSON.parse(process.argv[2] ?? "{}", (_, v) => (v === "Infinity" ? Infinity : v));
const mock = await startMockOkta(options);

function summary(identitySourceId) {
  const state = mock.state(identitySourceId);
  const statuses = {};
  const operations = {};
  let first = Infinity;
  let last = 0;
  for (const r of mock.requests ?? []) {
    statuses[r.status ?? "none"] = (statuses[r.status ?? "none"] ?? 0) + 1;
    operations[r.operationId ?? "none"] = (operations[r.operationId ?? "none"] ?? 0) + 1;
    first = Math.min(first, r.receivedAt);
    last = Math.max(last, r.receivedAt);
  }
  const sessions = {};
  for (const s of state.sessions) sessions[s.status] = (sessions[s.status] ?? 0) + 1;
  return {
    users: state.users.length,
    sessions,
    requests: { total: mock.requests?.length ?? 0, statuses, operations, first, last },
  };
}

process.on("message", async (message) => {
  if (message.type === "summary") process.send({ type: "summary", ...summary(message.id) });
  if (message.type === "requests") {
    // Compact [receivedAt, status, operationId] triples, for the rate-limit benchmark.
    const list = (mock.requests ?? []).map((r) => [
      r.receivedAt,
      r.status ?? 0,
      r.operationId ?? "",
    ]);
    process.send({ type: "requests", list });
  }
  if (message.type === "close") {
    await mock.close();
    process.exit(0);
  }
});
process.send({ type: "ready", url: mock.url });

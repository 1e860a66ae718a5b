// A local Okta stand-in that records every request exactly as it arrived (raw path, body) and
// answers each operation with a fixed success, statelessly. The fuzz tests count requests here:
// whatever the client refuses must never show up in `requests`.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { matchOperation } from "./oracle.js";

export interface Received {
  method: string;
  /** The path as sent (still percent-encoded), without the query. */
  path: string;
  /** The query string without "?", or "". */
  query: string;
  body: string;
}

export interface Recorder {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

export const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
export const TOKEN = "00reliability-ssws-token-4f9c2e7a";

const session = (status: string) => ({
  id: "aps1qqonvr2SZv6o70h8",
  identitySourceId: SOURCE,
  status,
  importType: "INCREMENTAL",
  created: "2026-01-01T00:00:00.000Z",
  lastUpdated: "2026-01-01T00:00:00.000Z",
});

function answer(r: Received): { status: number; body?: unknown } {
  const match = matchOperation(r.method, r.path);
  if (!match) return { status: 404, body: { errorCode: "E0000007", errorSummary: "Not found" } };
  const tail = match.op.segments.slice(5).join("/");
  const id = match.params["externalId"] ?? match.params["groupOrExternalId"] ?? "x";
  switch (`${r.method} ${tail}`) {
    case "POST sessions":
      return { status: 200, body: session("CREATED") };
    case "GET sessions":
      return { status: 200, body: [] };
    case "GET sessions/{sessionId}":
      return { status: 200, body: session("COMPLETED") };
    case "POST sessions/{sessionId}/start-import":
      return { status: 200, body: [session("TRIGGERED")] };
    case "POST users":
      return { status: 200 };
    case "GET users/{externalId}":
    case "PUT users/{externalId}":
    case "PATCH users/{externalId}":
      return { status: 200, body: { id: "00u1", externalId: id, profile: {} } };
    case "POST groups":
    case "GET groups/{groupOrExternalId}":
    case "POST groups/{groupOrExternalId}":
      return { status: 200, body: { id: "00g1", externalId: id, profile: { displayName: "G" } } };
    case "GET groups/{groupOrExternalId}/membership":
      return { status: 200, body: { memberExternalIds: ["m1"] } };
  }
  return { status: r.method === "DELETE" || tail.endsWith("membership") ? 204 : 202 };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "Content-Type": "application/json" } : {}),
    "Content-Length": Buffer.byteLength(text),
    "X-Okta-Request-Id": "req-1",
  });
  res.end(text);
}

export async function startRecorder(): Promise<Recorder> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const received = {
        method: req.method ?? "",
        path: q === -1 ? raw : raw.slice(0, q),
        query: q === -1 ? "" : raw.slice(q + 1),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      const { status, body } = answer(received);
      send(res, status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

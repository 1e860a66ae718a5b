// A fault proxy between the client (or the CLI) and the embedded mock: every request is forwarded
// unless a rule, asked once per request, says otherwise. A rule can answer in the proxy's place
// (429 storms, 5xx, a start-import 400), drop the connection, delay, cut the answer short after
// forwarding (so the mock did act), or rewrite the mock's answer (a session that reads CREATED).
// Rules see the method, the path without the org and a per-route request count.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** The path and query, e.g. `/api/v1/identity-sources/0oa…/sessions/aps…/start-import`. */
  path: string;
  /** What the request is: "list", "create", "get", "delete", "start-import", "bulk-upsert", … */
  route: string;
  /** The session ID in the path, if any. */
  sessionId: string | undefined;
  /** How many requests of this route came before this one (0 for the first). */
  seen: number;
}

/** What the proxy does with one request. */
export type FaultAction =
  /** Answer without forwarding. */
  | { answer: number; headers?: Record<string, string>; body?: unknown }
  /** Close the connection without answering, without forwarding. */
  | { drop: true }
  /** Forward, let the mock act, then close the connection before answering. */
  | { cut: true }
  /** Wait, then forward. */
  | { delayMs: number }
  /** Forward, then replace the answer's JSON body (status and headers kept). */
  | { rewrite: (body: unknown) => unknown };

export type FaultRule = (request: ProxiedRequest) => FaultAction | undefined;

export interface FaultProxy {
  url: string;
  /** Every request seen, in order, with what was done to it. */
  log: (ProxiedRequest & { action: string })[];
  /** Replaces the rule (undefined: forward everything) and restarts the per-route counts. */
  setRule(rule: FaultRule | undefined): void;
  close(): Promise<void>;
}

function routeOf(method: string, path: string): { route: string; sessionId: string | undefined } {
  const [, rest = ""] = /\/identity-sources\/[^/]+(\/.*)?$/.exec(path.split("?")[0]!) ?? [];
  const session = /^\/sessions\/([^/]+)(\/.*)?$/.exec(rest);
  if (rest === "/sessions")
    return { route: method === "GET" ? "list" : "create", sessionId: undefined };
  if (session) {
    const [, id, tail] = session;
    if (!tail) return { route: method === "GET" ? "get" : "delete", sessionId: id };
    return { route: tail.slice(1), sessionId: id };
  }
  return { route: `${method} ${rest}`, sessionId: undefined };
}

export async function startFaultProxy(target: string, rule?: FaultRule): Promise<FaultProxy> {
  const upstream = new URL(target);
  let current = rule;
  const counts = new Map<string, number>();
  const log: FaultProxy["log"] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const { route, sessionId } = routeOf(method, path);
    const seen = counts.get(route) ?? 0;
    counts.set(route, seen + 1);
    const info: ProxiedRequest = { method, path, route, sessionId, seen };
    const action = current?.(info);
    log.push({ ...info, action: action ? Object.keys(action)[0]! : "forward" });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (action && "answer" in action) {
        const text = action.body === undefined ? "" : JSON.stringify(action.body);
        res.writeHead(action.answer, {
          "content-type": "application/json",
          date: new Date().toUTCString(),
          ...action.headers,
        });
        res.end(text);
        return;
      }
      if (action && "drop" in action) {
        req.socket.destroy();
        return;
      }
      const forward = () =>
        send(
          upstream,
          method,
          path,
          req.headers,
          body,
          (status, headers, answer) => {
            if (action && "cut" in action) {
              req.socket.destroy();
              return;
            }
            let out = answer;
            if (action && "rewrite" in action && answer.length > 0) {
              out = Buffer.from(JSON.stringify(action.rewrite(JSON.parse(answer.toString()))));
            }
            const { "content-length": _length, "transfer-encoding": _te, ...rest } = headers;
            res.writeHead(status, { ...rest, "content-length": String(out.length) });
            res.end(out);
          },
          () => req.socket.destroy(),
        );
      if (action && "delayMs" in action) setTimeout(forward, action.delayMs);
      else forward();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setRule(next) {
      current = next;
      counts.clear();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(
  upstream: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  done: (status: number, headers: IncomingHttpHeaders, body: Buffer) => void,
  failed: () => void,
): void {
  const { host: _host, connection: _connection, ...rest } = headers;
  const out = httpRequest(
    { host: upstream.hostname, port: upstream.port, method, path, headers: rest },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => done(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      answer.on("error", failed);
    },
  );
  out.on("error", failed);
  out.end(body);
}

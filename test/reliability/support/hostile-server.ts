// A server that misbehaves on purpose. Each test case is a named handler; the client reaches it by
// using the name as the session, user or group ID (or, for list calls, the identity source ID).
// Handlers may answer through `res` or write raw bytes to the socket for what node:http refuses to
// produce (a 204 with a body, a broken status line, a reset mid-body).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type HostileHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostileServer {
  url: string;
  /** Requests per handler name, to prove what was (not) retried or followed. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Writes a complete raw HTTP response and closes the connection. */
export function raw(req: IncomingMessage, text: string | Buffer): void {
  req.socket.end(text);
}

export async function startHostile(
  handlers: Record<string, HostileHandler>,
): Promise<HostileServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const segments = (req.url ?? "/").split("?")[0]!.split("/");
    const name = decodeURIComponent(segments[6] ?? segments[4] ?? "");
    hits.set(name, (hits.get(name) ?? 0) + 1);
    const handler = handlers[name];
    if (!handler) {
      res.writeHead(599).end();
      return;
    }
    // Let the request body arrive first, as a real server would.
    req.resume();
    req.on("end", () => handler(req, res));
  });
  // Handlers that never finish (slowloris) keep their sockets; close() cuts them.
  server.on("connection", (socket) => socket.on("error", () => {}));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `total` bytes of `chunk` repeated, respecting backpressure. */
export function stream(res: ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      if (!res.write(piece)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("error", () => {});
  pump();
}

/** Sends a few bytes at a time, forever, until the client goes away. */
export function trickle(res: ServerResponse, bytes: Buffer, everyMs: number): void {
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(bytes);
  }, everyMs);
  res.on("close", () => clearInterval(timer));
}

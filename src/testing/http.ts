// Reading request bodies and writing (possibly truncated) responses on node:http.
import type { IncomingMessage, ServerResponse } from "node:http";
import { MockHttpError } from "./errors.js";
import type { Reply } from "./routes/types.js";

// Bodies above this are refused outright; far above the 200 KB bulk limit, so that rule can name sizes.
export const MAX_READ_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) {
      // 400 rather than 413: the spec declares 400 on every operation, 413 on none.
      throw new MockHttpError(
        400,
        "E0000001",
        `Api validation failed: the request body is larger than ${MAX_READ_BYTES} bytes`,
        [],
        { Connection: "close" },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function replyFromError(error: MockHttpError): Reply {
  return { status: error.status, body: error.body, headers: error.headers };
}

function serialize(reply: Reply): {
  headers: Record<string, string | string[]>;
  payload: Buffer | undefined;
} {
  const headers = { ...reply.headers };
  if (reply.body === undefined) return { headers, payload: undefined };
  const payload = Buffer.from(JSON.stringify(reply.body));
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(payload.length);
  return { headers, payload };
}

export function send(res: ServerResponse, reply: Reply): void {
  const { headers, payload } = serialize(reply);
  if (payload === undefined && reply.status !== 204 && reply.status !== 304) {
    headers["Content-Length"] = "0";
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

// Sends the status, the headers and half of the body, then destroys the connection.
export function sendTruncated(res: ServerResponse, reply: Reply): void {
  const { headers, payload } = serialize(reply);
  res.writeHead(reply.status, headers);
  if (payload === undefined || payload.length < 2) {
    // Nothing to cut: the headers go out (chunked, never terminated) and the connection dies.
    res.flushHeaders();
    setImmediate(() => res.destroy());
    return;
  }
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

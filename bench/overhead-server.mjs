// The server of the per-call benchmark, run as a child process so its work does not share the
// client's event loop: GET answers a fixed IdentitySourceSession, POST .../bulk-upsert drains the
// body and answers 202, like Okta. It counts TCP connections (to show keep-alive is used) and keeps
// the last body so the benchmark can check what each client actually sent.
import { createServer } from "node:http";
import { SESSION } from "./lib/fixtures.mjs";

const sessionJson = Buffer.from(JSON.stringify(SESSION));
let connections = 0;
let requests = 0;
let lastBody = Buffer.alloc(0);
let lastHeaders = {};

const rateHeaders = () => ({
  "X-Rate-Limit-Limit": "600",
  "X-Rate-Limit-Remaining": "599",
  "X-Rate-Limit-Reset": String(Math.ceil(Date.now() / 1000) + 60),
  "X-Okta-Request-Id": `req${requests}`,
});

const server = createServer((req, res) => {
  requests++;
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    if (req.method === "GET" && req.url.includes("/sessions/")) {
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": sessionJson.length,
        ...rateHeaders(),
      });
      res.end(sessionJson);
    } else if (req.method === "POST" && req.url.endsWith("/bulk-upsert")) {
      lastBody = Buffer.concat(chunks);
      lastHeaders = req.headers;
      res.writeHead(202, { "Content-Length": "0", ...rateHeaders() });
      res.end();
    } else {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ errorCode: "E0000007", errorSummary: `Not found: ${req.url}` }));
    }
  });
});
server.keepAliveTimeout = 120_000;
server.on("connection", () => connections++);

process.on("message", (message) => {
  if (message === "stats") {
    process.send({ connections, requests });
  } else if (message === "last-body") {
    process.send({ body: lastBody.toString("utf8"), headers: lastHeaders });
  } else if (message === "close") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));

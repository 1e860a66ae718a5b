// A forwarding HTTP proxy in front of the mock that runs a hook before forwarding a request, so a
// test can act at an exact point of a run (for example rewrite an input file when the first upload
// arrives) without any seam in the code under test.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export type Hook = (method: string, path: string) => void | Promise<void>;

export interface HookProxy {
  url: string;
  close(): Promise<void>;
}

export async function startHookProxy(target: string, hook: Hook): Promise<HookProxy> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        await hook(req.method ?? "GET", (req.url ?? "/").split("?")[0]!);
        const out = request(
          {
            host: to.hostname,
            port: to.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on("error", () => res.destroy());
        out.end(Buffer.concat(chunks));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Starts bench/mock-server.mjs (the embedded mock) as a child process and talks to it over IPC.
import { fork } from "node:child_process";
import { join } from "node:path";
import { benchDir } from "./paths.mjs";

export async function startMockProcess(options) {
  const json = JSON.stringify(options, (_, v) => (v === Infinity ? "Infinity" : v));
  const child = fork(join(benchDir, "mock-server.mjs"), [json], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`mock exited with ${code}`)));
  });
  const ask = (message) =>
    new Promise((resolve) => {
      child.once("message", resolve);
      child.send(message);
    });
  return {
    url: ready.url,
    summary: (id) => ask({ type: "summary", id }),
    requests: async () => (await ask({ type: "requests" })).list,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.send({ type: "close" });
      }),
  };
}

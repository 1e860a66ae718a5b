// Runs `node dist/src/cli/bin.js ...` as its own process and measures its wall time and peak RSS:
// from /usr/bin/time (the kernel's ru_maxrss) when it exists, else by polling VmHWM in /proc.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dist } from "./paths.mjs";

const TIME = "/usr/bin/time";

/** Whether the CLI has an import command yet (benchmarks 4 and 5 need it). */
export async function cliImportReady() {
  if (!existsSync(dist("src/cli/bin.js"))) return false;
  const { code } = await runCli(["import", "--help"]);
  return code === 0;
}

export async function runCli(args, { env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "okta-idsrc-bench-"));
  const timeFile = join(dir, "time");
  const useTime = existsSync(TIME);
  const argv = [process.execPath, dist("src/cli/bin.js"), ...args];
  const child = useTime
    ? spawn(TIME, ["-f", "%M", "-o", timeFile, ...argv], { env: { ...process.env, ...env } })
    : spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env } });
  const started = process.hrtime.bigint();
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
          polledKb = Math.max(polledKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        } catch {
          // the process has exited
        }
      }, 20);
  const code = await new Promise((resolve) => child.on("close", resolve));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(poll);
  const peakKb = useTime
    ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop())
    : polledKb;
  rmSync(dir, { recursive: true, force: true });
  return {
    code,
    stdout,
    stderr,
    wallMs,
    peakRssMb: peakKb / 1024,
    rssFrom: useTime ? "/usr/bin/time (ru_maxrss)" : "/proc VmHWM",
  };
}

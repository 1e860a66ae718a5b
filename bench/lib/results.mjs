// bench/results.json: one section per benchmark, merged so running one benchmark keeps the others'
// latest figures, plus the machine and command of the latest write.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resultsFile } from "./paths.mjs";

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The command that started the run (set by bench/run.mjs), else this script's own. */
export const command = () =>
  process.env.BENCH_COMMAND ?? `node ${process.argv.slice(1).map(shortPath).join(" ")}`;

const shortPath = (arg) => arg.replace(`${process.cwd()}/`, "");

export function writeSection(name, section) {
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
  const date = new Date().toISOString();
  const merged = {
    date,
    command: command(),
    machine: machine(),
    benchmarks: {
      ...results.benchmarks,
      [name]: { date, command: command(), machine: machine(), ...section },
    },
  };
  writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
}

// Where the benchmarks find the built package. BENCH_DIST points them at another tsc output
// (e.g. a private build while someone else rebuilds dist/); it defaults to dist/.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const root = resolve(import.meta.dirname, "..", "..");
export const benchDir = join(root, "bench");
export const dataDir = join(benchDir, "data");
export const resultsFile = join(benchDir, "results.json");
export const distDir = resolve(root, process.env.BENCH_DIST ?? "dist");

/** The file path of a built module, e.g. dist("src/index.js"). */
export const dist = (relative) => join(distDir, relative);
/** The file URL of a built module, for import(). */
export const distUrl = (relative) => pathToFileURL(dist(relative)).href;

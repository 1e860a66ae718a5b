// Seeded, reproducible fault injection: the n-th request that matches a rule
// always gets the same fault for the same seed, whatever happened to earlier requests.
import { rngFor } from "./prng.js";

/** One fault rule; the first rule whose `path` and `method` match a request applies to it. */
export interface FaultRule {
  /** A RegExp tested against the request path, or a string the path must contain; omit for every path. */
  path?: string | RegExp;
  /** Only requests with this HTTP method; omit for every method. */
  method?: string;
  /** Share (0..1) of requests answered with a 5xx before they are handled. @default 0 */
  errorRate?: number;
  /** The statuses an injected error is drawn from. @default [500, 502, 503] */
  errorStatuses?: number[];
  /** Added latency in milliseconds: a fixed value or a [min, max] range. @default 0 */
  latencyMs?: number | readonly [number, number];
  /** Share (0..1) of requests that get `latencyMs`. @default 1 */
  latencyRate?: number;
  /** Share (0..1) of requests whose connection is destroyed before any answer (not handled). @default 0 */
  dropRate?: number;
  /**
   * Share (0..1) of requests that are handled but whose response is cut short: status, headers and
   * half of the body are sent, then the connection is destroyed. @default 0
   */
  truncateRate?: number;
}

// The fault picked for one request.
export interface FaultDecision {
  latencyMs: number;
  action: "none" | "drop" | "error" | "truncate";
  status: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private seed = 1;
  private count = 0;

  constructor(rules: FaultRule | readonly FaultRule[] | undefined, seed: number) {
    this.set(rules, seed);
  }

  // Replaces the rules; the sequence starts again from the first draw of `seed`.
  set(rules: FaultRule | readonly FaultRule[] | undefined, seed = this.seed): void {
    this.rules =
      rules === undefined ? [] : Array.isArray(rules) ? [...rules] : [rules as FaultRule];
    this.seed = seed;
    this.count = 0;
  }

  decide(method: string, path: string): FaultDecision | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === method) &&
        (r.path === undefined ||
          (typeof r.path === "string" ? path.includes(r.path) : r.path.test(path))),
    );
    if (!rule) return undefined;
    const random = rngFor(this.seed, this.count++);
    // Always six draws, so one rule's settings never shift the draws of another decision.
    const [drop, error, pick, slow, amount, truncate] = [
      random(),
      random(),
      random(),
      random(),
      random(),
      random(),
    ] as [number, number, number, number, number, number];
    let latencyMs = 0;
    if (rule.latencyMs !== undefined && slow < (rule.latencyRate ?? 1)) {
      const [min, max] =
        typeof rule.latencyMs === "number" ? [rule.latencyMs, rule.latencyMs] : rule.latencyMs;
      latencyMs = Math.round(min + (max - min) * amount);
    }
    const statuses = rule.errorStatuses ?? [500, 502, 503];
    const status = statuses[Math.floor(pick * statuses.length)] ?? 500;
    const action =
      drop < (rule.dropRate ?? 0)
        ? "drop"
        : error < (rule.errorRate ?? 0)
          ? "error"
          : truncate < (rule.truncateRate ?? 0)
            ? "truncate"
            : "none";
    return { latencyMs, action, status };
  }
}

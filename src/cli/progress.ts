// Import progress on stderr: a live bar redrawn in place on a terminal, plain periodic lines
// otherwise (logs, CI). Both show entities, rate, ETA, requests, retries and the current session's
// status, and while the import waits (rate-limit window, create-session cool-down, another run's
// session, Okta processing) the reason with a countdown; plain lines keep coming during a wait.
import type { ImportProgress } from "../import/index.js";
import type { CliIo } from "./io.js";
import { plural } from "./plural.js";

export interface ProgressView {
  update(progress: ImportProgress): void;
  /** Ends the display (the bar's line is finished with a newline). */
  finish(): void;
}

const fmt = (n: number) => n.toLocaleString("en-US");

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** `total` is the number of entities the validation pass counted (for percentage and ETA). */
export function createProgressView(
  io: CliIo,
  expected: number,
  options: { intervalMs?: number; now?: () => number } = {},
): ProgressView {
  const now = options.now ?? Date.now;
  const started = now();
  let total = expected;
  let last: ImportProgress | undefined;
  let lastDraw = 0;
  let lastStatus = "";
  let drawn = false;
  let lastMessage: string | undefined;
  let printed: ImportProgress | undefined;
  // What the import is waiting for, and until when: shown with a countdown, and the reason the
  // ticker below keeps printing (plain) or redrawing (terminal) while no event arrives.
  let wait: { message: string; until: number } | undefined;
  const track = (p: ImportProgress) => {
    if ((p.type === "waiting" || p.type === "retry") && p.message && p.waitMs !== undefined) {
      wait = { message: p.message, until: now() + p.waitMs };
    } else if (p.type !== "waiting" && p.type !== "retry") {
      wait = undefined;
    }
  };
  const waitText = () => {
    if (!wait) return "";
    const left = Math.max(0, Math.ceil((wait.until - now()) / 1000));
    return `${wait.message}; ${left} s left`;
  };

  const stats = (p: ImportProgress) => {
    // Duplicate membership rows are folded before upload, so "done" may come in under the total.
    if (p.type === "done") total = p.entities;
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? p.entities / elapsed : 0;
    const eta = rate > 0 ? (total - p.entities) / rate : Infinity;
    const pct = total > 0 ? Math.min(100, Math.floor((p.entities / total) * 100)) : 100;
    const session = p.session ? `session ${p.sessions} ${p.session.status}` : "no session";
    return { rate, eta, pct, session };
  };

  const barLine = (p: ImportProgress) => {
    const { rate, eta, pct, session } = stats(p);
    const width = Math.max(10, Math.min(30, (io.columns ?? 80) - 70));
    const filled = Math.round((pct / 100) * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const text =
      `${bar} ${pct}% ${fmt(p.entities)}/${fmt(total)} · ${fmt(Math.round(rate))}/s · ` +
      `ETA ${duration(eta)} · ${session} · ${p.requests} req` +
      (wait ? ` · ${waitText()}` : "");
    return text.slice(0, (io.columns ?? 200) - 1);
  };

  const plainLine = (p: ImportProgress) => {
    const { rate, eta, pct, session } = stats(p);
    return (
      `progress: ${fmt(p.entities)}/${plural(total, "entity", "entities")} (${pct}%), ` +
      `${plural(p.requests, "request")}, ${plural(p.retries, "retry", "retries")}, ${session}, ` +
      `${fmt(Math.round(rate))}/s, ETA ${duration(eta)}` +
      (wait ? ` (${waitText()})` : p.type === "waiting" && p.message ? ` (${p.message})` : "")
    );
  };

  // Waits inside a request (a 429 until the window resets) send no event: tick on a timer too.
  let ticker: ReturnType<typeof setInterval> | undefined;
  const tick = (ms: number, fn: () => void) => {
    ticker = setInterval(fn, ms);
    ticker.unref?.();
  };

  if (io.isTTY) {
    tick(1000, () => {
      if (last && wait) io.stderr.write(`\r\x1b[2K${barLine(last)}`);
    });
    return {
      update(p) {
        last = p;
        track(p);
        const t = now();
        // Redraw at most 10 times a second, but always on a session change.
        const status = `${p.sessions}:${p.session?.status}`;
        if (t - lastDraw < 100 && status === lastStatus && p.type !== "done") return;
        lastDraw = t;
        lastStatus = status;
        drawn = true;
        io.stderr.write(`\r\x1b[2K${barLine(p)}`);
      },
      finish() {
        clearInterval(ticker);
        wait = undefined;
        if (last) io.stderr.write(`\r\x1b[2K${barLine(last)}`);
        if (drawn || last) io.stderr.write("\n");
      },
    };
  }
  const interval = options.intervalMs ?? 5000;
  tick(interval, () => {
    if (!last || now() - lastDraw < interval) return;
    lastDraw = now();
    printed = last;
    io.stderr.write(`${plainLine(last)}\n`);
  });
  return {
    update(p) {
      last = p;
      track(p);
      const t = now();
      const status = `${p.sessions}:${p.session?.status}`;
      // A line on every session change and every `interval`, never one per request.
      const news = p.type === "waiting" && p.message !== lastMessage;
      if (status === lastStatus && !news && t - lastDraw < interval) return;
      lastDraw = t;
      lastStatus = status;
      if (p.type === "waiting") lastMessage = p.message;
      printed = p;
      io.stderr.write(`${plainLine(p)}\n`);
    },
    finish() {
      clearInterval(ticker);
      wait = undefined;
      const key = (p?: ImportProgress) => p && `${p.entities}/${p.requests}/${p.session?.status}`;
      if (last && key(last) !== key(printed)) io.stderr.write(`${plainLine(last)}\n`);
    },
  };
}

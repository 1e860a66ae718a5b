// The body rules (validate-bodies.ts) are loaded on the first write, so a client that only reads
// never loads them.

let loaded: typeof import("./validate-bodies.js") | undefined;
/** The body checks and wire bodies of the write operations, loaded once on first use. */
export const bodyChecks = async () => (loaded ??= await import("./validate-bodies.js"));

// Names the value that made JSON.stringify throw (a BigInt, a cycle, a throwing toJSON or getter),
// so an item that cannot be sent is reported as `users[12].profile.badge`, not as a TypeError.
// Only called after JSON.stringify has failed: the hot path never walks items twice.

/** The path of the first value JSON cannot encode inside `value`, and why; undefined if none found. */
export function findUnencodable(value: unknown, path: string): [string, string] | undefined {
  return walk(value, path, []);
}

function walk(value: unknown, path: string, parents: object[]): [string, string] | undefined {
  if (typeof value === "bigint") return [path, "is a BigInt, which JSON cannot encode"];
  if (typeof value !== "object" || value === null) return undefined;
  if (parents.includes(value)) return [path, "is a circular reference, which JSON cannot encode"];
  try {
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      JSON.stringify(value);
      return undefined;
    }
    parents.push(value);
    const array = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, array ? `${path}[${key}]` : `${path}.${key}`, parents);
      if (found) return found;
    }
    parents.pop();
    return undefined;
  } catch (e) {
    // A toJSON or getter that throws: it, not a descendant, is what cannot be encoded.
    return [path, `cannot be encoded as JSON (${e instanceof Error ? e.message : String(e)})`];
  }
}

// Fingerprints: a stable hash of a profile, so the store can tell "changed" from "unchanged" without
// keeping the profile itself (issue 7).
import { createHash } from "node:crypto";

/**
 * JSON text of `value` with object keys sorted, so two profiles with the same attributes in a
 * different order serialise identically. Follows JSON.stringify for everything else (toJSON,
 * undefined members dropped, undefined array items as null).
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? "null";
}

function canonical(value: unknown): string | undefined {
  if (value !== null && typeof value === "object") {
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === "function") return canonical(json.call(value));
    if (Array.isArray(value)) return `[${value.map((v) => canonical(v) ?? "null").join(",")}]`;
    const record = value as Record<string, unknown>;
    // Concatenation, not join: this runs once per entity per run, a million times for big sources.
    let text = "{";
    for (const key of Object.keys(record).sort()) {
      const member = canonical(record[key]);
      if (member === undefined) continue;
      if (text.length > 1) text += ",";
      text += `${JSON.stringify(key)}:${member}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) as string | undefined;
}

/**
 * The fingerprint the sync store keeps for a profile: SHA-256 of its canonical JSON, base64url,
 * truncated to 128 bits (collisions are out of reach for any directory size).
 */
export function fingerprint(profile: unknown): string {
  return createHash("sha256").update(canonicalJson(profile)).digest("base64url").slice(0, 22);
}

import { fail } from "../../core/validate.js";

/** A token must be one header-safe word; the value itself never appears in the message. */
export function checkCredential(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || !/^[\x21-\x7e]+$/.test(value)) {
    fail(field, "must be a non-empty string of visible ASCII characters");
  }
}

// The one error an import throws once it has started: it says why, and carries the report so far so
// the caller knows which sessions completed and what was sent. The class lives with the
// client's error hierarchy (the client entry exports it eagerly); context.ts writes its message.
export { OktaImportError } from "../core/errors.js";

export type { ImportFailureReason } from "../import-report.js";

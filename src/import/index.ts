// Public surface of the bulk importer.
export { runImport } from "./run.js";
export { OktaImportError } from "./errors.js";
export type { ImportFailureReason } from "./errors.js";
export { UPLOAD_ORDER } from "./order.js";
export type {
  ActiveSessionPolicy,
  ImportCallOptions,
  ImportCounts,
  ImportData,
  ImportInput,
  ImportOptions,
  ImportProgress,
  ImportProgressType,
  ImportReport,
  ImportSession,
  ImportSessionEntities,
  ImportSessionReport,
  ImportSessionsApi,
  ImportSource,
} from "./types.js";

// What the mock keeps of one import session, apart from the session manager so the mock's state
// can hold sessions without importing the code that runs them.
import type { BulkKind } from "../../generated/registry.js";

export interface Upload {
  kind: BulkKind;
  body: unknown;
}

export type SessionStatus =
  "CREATED" | "IN_PROGRESS" | "TRIGGERED" | "COMPLETED" | "ERROR" | "CLOSED" | "EXPIRED";

export interface SessionRecord {
  id: string;
  identitySourceId: string;
  status: SessionStatus;
  importType: "INCREMENTAL";
  // Epoch milliseconds.
  created: number;
  lastUpdated: number;
  bulkRequests: number;
  uploads: Upload[];
  expiry: NodeJS.Timeout | undefined;
}

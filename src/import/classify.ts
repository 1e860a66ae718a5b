// How the importer reads client errors. It branches on error classes (status families), never on
// errorSummary text (Okta says that text is for people, not for parsing).
import {
  OktaBadRequestError,
  OktaConnectionError,
  OktaRateLimitError,
  OktaServerError,
  OktaTimeoutError,
} from "../core/errors.js";

/** A failure that a later attempt may not repeat. */
export const isTransient = (e: unknown): boolean =>
  e instanceof OktaRateLimitError || isAmbiguous(e);

/** The request may or may not have been processed (so a create may have created). */
export const isAmbiguous = (e: unknown): boolean =>
  e instanceof OktaServerError || e instanceof OktaConnectionError || e instanceof OktaTimeoutError;

export const isBadRequest = (e: unknown): e is OktaBadRequestError =>
  e instanceof OktaBadRequestError;

/** Session states in which a session still accepts uploads. */
export const isOpen = (status: string | undefined): boolean =>
  status === "CREATED" || status === "IN_PROGRESS";

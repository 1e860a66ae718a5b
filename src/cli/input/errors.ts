// The input errors, in a module of their own so every reader can import them without a cycle.

/** Thrown for a file whose structure is wrong as a whole (not one bad element). */
export class InputFileError extends Error {
  override name = "InputFileError";
}

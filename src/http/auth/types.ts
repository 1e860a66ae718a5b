// What the transport needs from an auth mode.

export interface Auth {
  /** Safe description for toJSON/inspect, e.g. "ssws". */
  readonly kind: string;
  /** Sets the credential headers of one request. */
  authorize(headers: Headers, method: string, url: string, signal: AbortSignal): Promise<void>;
  /** Sees every answer; true when sending the same request again with fresh credentials may succeed. */
  renew?(response: Response): boolean;
  /** Credentials in use, to be scrubbed from anything the client reports. */
  secrets(): Iterable<string>;
}

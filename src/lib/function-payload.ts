/**
 * How large a request body a Netlify function can take. Netlify passes a synchronous function's request in
 * a payload of at most 6 MB, and binary bodies (multipart forms with a file) travel base64-encoded inside
 * it: 4 bytes for every 3. Read "6 MB" as the smaller 6,000,000 bytes and keep a margin for what else the
 * payload holds (request line, headers, the event's JSON), and a body may be at most MAX_BINARY_BODY_BYTES.
 * The multipart caps of the comment and report forms stay below it (tests/unit/function-payload.test.ts).
 */

export const FUNCTION_PAYLOAD_BYTES = 6_000_000;

/** Room kept for everything in the payload besides the encoded body: 256 KiB. */
export const PAYLOAD_MARGIN_BYTES = 256 * 1024;

/** Size of `bytes` bytes once base64-encoded (with padding). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest binary body whose encoding still leaves the margin free: 4,303,392 bytes. */
export const MAX_BINARY_BODY_BYTES = Math.floor((FUNCTION_PAYLOAD_BYTES - PAYLOAD_MARGIN_BYTES) / 4) * 3;

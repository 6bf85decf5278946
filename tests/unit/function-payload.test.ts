import { describe, expect, it } from 'vitest';
import { base64Length, FUNCTION_PAYLOAD_BYTES, MAX_BINARY_BODY_BYTES, PAYLOAD_MARGIN_BYTES } from '../../src/lib/function-payload.ts';
import { MULTIPART_BODY_MAX_BYTES } from '../../src/lib/comment-submission.ts';
import { REPORT_MULTIPART_MAX_BYTES } from '../../src/lib/report-submission.ts';

describe('request bodies on Netlify', () => {
  it('counts base64 as Netlify encodes binary bodies', () => {
    expect([0, 1, 2, 3, 4].map(base64Length)).toEqual([0, 4, 4, 4, 8]);
    expect(base64Length(4_292_608)).toBe(5_723_480);
  });

  it('the largest binary body leaves the documented margin free, and one byte more would not', () => {
    expect(MAX_BINARY_BODY_BYTES).toBe(4_303_392);
    expect(base64Length(MAX_BINARY_BODY_BYTES) + PAYLOAD_MARGIN_BYTES).toBeLessThanOrEqual(FUNCTION_PAYLOAD_BYTES);
    expect(base64Length(MAX_BINARY_BODY_BYTES + 1) + PAYLOAD_MARGIN_BYTES).toBeGreaterThan(FUNCTION_PAYLOAD_BYTES);
  });

  it('the comment and report forms stay within it', () => {
    expect(MULTIPART_BODY_MAX_BYTES).toBe(4_292_608);
    expect(MULTIPART_BODY_MAX_BYTES).toBeLessThanOrEqual(MAX_BINARY_BODY_BYTES);
    expect(REPORT_MULTIPART_MAX_BYTES).toBeLessThanOrEqual(MAX_BINARY_BODY_BYTES);
  });
});

/**
 * The problems every service shares, in English: the IDs and arguments of `ja.ts` follow these.
 * A title's ID is its code (`code.variant` where one code has several); a detail's ends in
 * `.detail`. ICU MessageFormat, worded with tags off (`<key>` is text).
 */
export const en = {
  bad_url: 'The URL is not validly percent-encoded',
  uri_too_long: 'A path segment is too long',
  unsupported_media_type: 'This route does not take a body of that content type',
  body_too_large: 'The body is too large',
  invalid_content_length: 'The body does not match its Content-Length',
  invalid_json: 'The body is not valid JSON',
  'invalid_json.empty': 'The body is empty, not JSON',
  headers_too_large: 'The request line or headers are too large',
  request_timeout: 'The request took too long to arrive',
  malformed_request: 'The request is not valid HTTP',
  bad_request: 'Bad request',
  /** Another refusal of the framework's, in its own (English) words. */
  request_refused: '{reason}',
  nul_character: 'The request contains a NUL character',
  'nul_character.detail':
    'The {where, select, URL {URL} other {body}} contains U+0000, which no field accepts.',
  rate_limited: 'Too many requests',
  'rate_limited.detail':
    'Limit of {max} requests per minute reached; retry after {seconds, plural, one {# second} other {# seconds}}.',
  route_not_found: 'No such route',
  'route_not_found.detail': '{method} {url}',
  invalid_request: 'The request does not match its schema',
  /** One issue of a request that does not match its schema: where, the field, what is wrong. */
  'invalid_request.issue': '{part} {path}: {issue}',
  'invalid_request.root': '(root)',
  invalid_cursor: 'The cursor is not one this service issued',
  'invalid_cursor.detail':
    'Pass `nextCursor` of the previous page as it came, or leave it out for the first page.',
  internal: 'Internal error',
  'unauthorized.operator': 'An operator key is required',
  'unauthorized.operator.detail': 'Send the operator key as "Authorization: Bearer <key>".',
  invalid_signature: 'This request is not signed by a peer',
} as const;

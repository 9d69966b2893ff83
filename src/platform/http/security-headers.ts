/**
 * The headers every page a service serves carries (the terminals, the API docs). The pages run
 * on the public network but ask nothing personal, and say so in headers too: no referrer leaves
 * the site, nothing loads from elsewhere, nothing frames them, and they call no one but their
 * own service and the origins named here.
 */
export function pageSecurityHeaders(connectSources: string[] = []): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      ...(connectSources.length ? [`connect-src 'self' ${connectSources.join(' ')}`] : []),
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

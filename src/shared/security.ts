// One Content-Security-Policy for both targets: the Electron window (meta tag in index.html)
// and browser mode (HTTP header). No inline or eval'd script, nothing remote. Styles allow
// 'unsafe-inline' because AG Grid's theming injects <style> elements at run time.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Header-only directives (meta tags cannot carry them). In browser mode `sandbox` without
 * allow-popups makes window.open fail, as the desktop window's open handler does.
 */
export const CSP_HEADER_EXTRA =
  "; frame-ancestors 'none'; sandbox allow-scripts allow-same-origin allow-downloads allow-forms allow-modals";

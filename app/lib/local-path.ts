const BASE = "http://nearshop.invalid";

/**
 * A path on this site to send someone back to, or null. Browsers read `\`
 * as `/` and drop tabs and line breaks from URLs, so `/\evil.test` and
 * `/<tab>/evil.test` are other sites: anything with a backslash or a control
 * character is refused, and what is left must resolve to this origin.
 */
export function localPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return url.pathname + url.search + url.hash;
}

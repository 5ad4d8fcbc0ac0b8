/**
 * One cookie's value from a Cookie header, or null when it is absent or not
 * of the expected form. Only the named cookie is read: a malformed cookie of
 * someone else's on the domain never makes a request fail.
 */
export function cookieValue(header: string, name: string, form: RegExp): string | null {
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    return form.test(value) ? value : null;
  }
  return null;
}

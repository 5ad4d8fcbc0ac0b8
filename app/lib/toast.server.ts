import { createCookie, data, redirect } from "@remix-run/node";
import { env } from "../../server/env.server";

// A one-shot message shown on the next page: "Settings saved" after redirect.
// Signed, so nobody can plant a message of theirs on our page; a cookie that
// is not ours (bad signature, not a string) is no message, never a 500.
const toastCookie = createCookie("nearshop_toast", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60, secrets: [env.APP_SECRET] });

/**
 * An Undo offered in the toast: a form posted back to `action` (a path on
 * this site) with these fields, e.g. archiving a product offers to put it
 * back as it was.
 */
export type ToastUndo = { action: string; fields: Record<string, string> };

export async function redirectWithToast(url: string, message: string, init: { headers?: HeadersInit; undo?: ToastUndo } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastCookie.serialize(init.undo ? { m: message, u: init.undo } : message));
  return redirect(url, { headers });
}

/**
 * The same message for a form sent by a fetcher, which stays on its page:
 * the answer replaces the fetcher's last one (a redirect would leave an
 * earlier refusal showing under the form), and the page's revalidation
 * shows the toast.
 */
export async function dataWithToast<T>(body: T, message: string) {
  return data(body, { headers: { "Set-Cookie": await toastCookie.serialize(message) } });
}

/** An undo read back from our own signed cookie, still checked: a local path and string fields only. */
function undoOf(value: unknown): ToastUndo | null {
  if (!value || typeof value !== "object") return null;
  const { action, fields } = value as { action?: unknown; fields?: unknown };
  if (typeof action !== "string" || !action.startsWith("/") || action.startsWith("//") || !fields || typeof fields !== "object") return null;
  const entries = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string");
  return { action, fields: Object.fromEntries(entries) };
}

export async function readToast(request: Request): Promise<{ message: string | null; undo: ToastUndo | null; setCookie: string | null }> {
  const value: unknown = await toastCookie.parse(request.headers.get("Cookie")).catch(() => null);
  const text =
    typeof value === "string"
      ? value
      : value && typeof value === "object" && typeof (value as { m?: unknown }).m === "string"
        ? (value as { m: string }).m
        : "";
  const message = text ? text.slice(0, 300) : null;
  if (!message) return { message: null, undo: null, setCookie: null };
  const undo = typeof value === "object" ? undoOf((value as { u?: unknown }).u) : null;
  return { message, undo, setCookie: await toastCookie.serialize("", { maxAge: 0 }) };
}

import { createCookie, redirect } from "@remix-run/node";
import { env } from "../../server/env.server";

// A one-shot message shown on the next page: "Settings saved" after redirect.
// Signed, so nobody can plant a message of theirs on our page; a cookie that
// is not ours (bad signature, not a string) is no message, never a 500.
const toastCookie = createCookie("nearshop_toast", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60, secrets: [env.APP_SECRET] });

export async function redirectWithToast(url: string, message: string, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastCookie.serialize(message));
  return redirect(url, { headers });
}

export async function readToast(request: Request): Promise<{ message: string | null; setCookie: string | null }> {
  const value: unknown = await toastCookie.parse(request.headers.get("Cookie")).catch(() => null);
  const message = typeof value === "string" && value ? value.slice(0, 300) : null;
  if (!message) return { message: null, setCookie: null };
  return { message, setCookie: await toastCookie.serialize("", { maxAge: 0 }) };
}

import { createCookie, redirect } from "@remix-run/node";

// A one-shot message shown on the next page: "Settings saved" after redirect.
const toastCookie = createCookie("nearshop_toast", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 });

export async function redirectWithToast(url: string, message: string, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastCookie.serialize(message));
  return redirect(url, { headers });
}

export async function readToast(request: Request): Promise<{ message: string | null; setCookie: string | null }> {
  const message = (await toastCookie.parse(request.headers.get("Cookie"))) as string | null;
  if (!message) return { message: null, setCookie: null };
  return { message, setCookie: await toastCookie.serialize("", { maxAge: 0 }) };
}

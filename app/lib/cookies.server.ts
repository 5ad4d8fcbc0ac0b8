import { createCookie } from "@remix-run/node";
import { env } from "../../server/env.server";

/** A cookie kept in the customer's browser: HttpOnly, SameSite=Lax, Secure over https. */
export function browserCookie(name: string, maxAgeSeconds: number) {
  return createCookie(name, { path: "/", sameSite: "lax", httpOnly: true, secure: env.APP_URL.startsWith("https:"), maxAge: maxAgeSeconds });
}

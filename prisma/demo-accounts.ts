/**
 * The demo data's sign-ins, shared by the seed and the end-to-end tests.
 * Demo only: never seed these anywhere people keep real data.
 */
export const DEMO_PASSWORD = "nearshop-demo";
export const DEMO_ADMIN = { email: "admin@nearshop.test", password: "nearshop-admin" };
/**
 * Platform admins must sign in with a second factor: the demo admin's
 * authenticator key (base32), to add to an authenticator app by hand.
 */
export const DEMO_ADMIN_TOTP_SECRET = "NEARSHOPDEMOADMINTWOFACTORKEY234";

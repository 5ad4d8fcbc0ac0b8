// Import first in a test file that sends SMS: Twilio credentials for the local
// stand-in (scripts/twilio-standin.ts), and APP_URL on a port the file serves
// the app on, since Twilio signs the exact URL it calls.
export const TWILIO_STANDIN_PORT = 20_000 + Math.floor(Math.random() * 20_000);
export const APP_PORT = TWILIO_STANDIN_PORT + 1;
export const TWILIO_ACCOUNT_SID = `AC${"ab".repeat(16)}`;
export const TWILIO_AUTH_TOKEN = "standin-auth-token-nearshop-tests";
export const TWILIO_FROM = "+15005550006";
process.env.TWILIO_ACCOUNT_SID = TWILIO_ACCOUNT_SID;
process.env.TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN;
process.env.TWILIO_FROM = TWILIO_FROM;
process.env.TWILIO_API_URL = `http://127.0.0.1:${TWILIO_STANDIN_PORT}`;
process.env.APP_URL = `http://127.0.0.1:${APP_PORT}`;

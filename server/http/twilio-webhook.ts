import type { RequestHandler } from "express";
import { env } from "../env.server";
import { logger } from "../logger";
import { twilioSignatureValid } from "../integrations/sms.server";
import { recordInboundSms, recordSmsStatus, TWILIO_STATUSES } from "../services/sms/messages";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const REFUSED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/**
 * What a signed request must carry to be acted on; anything else is a 400
 * naming the field (Twilio never sends it, so it is a forgery made with the
 * token, or a bug: not worth a retry).
 */
function refusal(kind: "status" | "inbound", params: Record<string, string>): string | null {
  for (const [k, v] of Object.entries(params)) {
    if (REFUSED_NAMES.has(k) || k.includes("\0")) return `The field "${k.slice(0, 40)}" is not one Twilio sends`;
    if (v.includes("\0")) return `${k.slice(0, 40)}: contains a NUL character`;
  }
  if (kind === "status") {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!sid || !/^[A-Za-z0-9_-]{2,64}$/.test(sid)) return "MessageSid: missing or not a message id";
    if (!status || !TWILIO_STATUSES.includes(status)) return "MessageStatus: missing or not a Twilio message status";
    if (params.ErrorCode !== undefined && !/^[0-9]{1,10}$/.test(params.ErrorCode)) return "ErrorCode: not a Twilio error code";
  } else {
    // E.164, or a short code: the numbers an SMS comes from.
    if (!params.From || !/^\+?[0-9]{3,15}$/.test(params.From)) return "From: missing or not a phone number";
    if (params.Body === undefined || params.Body.length > 1600) return "Body: missing or longer than an SMS can be";
  }
  return null;
}

/** The form Twilio posted, as flat strings (a repeated or nested key is not Twilio's: refused). */
function formParams(body: unknown): Record<string, string> | null {
  if (!body || typeof body !== "object") return null;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== "string") return null;
    out[k] = v;
  }
  return out;
}

/**
 * POST /webhooks/twilio/status and /webhooks/twilio/inbound. Twilio signs
 * the URL it called (the one we gave it, under APP_URL) plus the sorted form
 * parameters with the account's auth token: unsigned or wrongly signed → 403.
 * Answers empty TwiML (no reply SMS; Twilio's own opt-out reply is enough).
 */
export const twilioWebhook =
  (kind: "status" | "inbound"): RequestHandler =>
  async (req, res) => {
    const params = formParams(req.body);
    const url = new URL(`/webhooks/twilio/${kind}`, env.APP_URL).toString();
    if (!params || !twilioSignatureValid(req.header("x-twilio-signature"), url, params)) {
      logger.warn("twilio webhook refused: bad signature", { kind });
      res.status(403).type("text/plain").send("Invalid Twilio signature");
      return;
    }
    const refused = refusal(kind, params);
    if (refused) {
      logger.warn("twilio webhook refused: bad fields", { kind, refused });
      res.status(400).type("text/plain").send(refused);
      return;
    }
    try {
      if (kind === "status") {
        const sid = params.MessageSid ?? params.SmsSid;
        const status = params.MessageStatus ?? params.SmsStatus;
        if (sid && status) await recordSmsStatus(sid, status, params.ErrorCode ?? null);
      } else if (params.From && params.Body !== undefined) {
        const outcome = await recordInboundSms(params.From, params.Body);
        if (outcome !== "ignored") logger.info("sms opt-out changed", { outcome });
      }
      res.type("text/xml").send(EMPTY_TWIML);
    } catch (error) {
      logger.error("twilio webhook could not be stored", { kind, error: String(error) });
      res.status(500).type("text/plain").send("Could not store; retry");
    }
  };

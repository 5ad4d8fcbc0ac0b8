// A local stand-in for the one Twilio endpoint Nearshop calls (Messages
// create, API 2010-04-01) and for the two requests Twilio makes to the app
// (signed status callbacks, signed inbound messages). Strict on purpose: it
// accepts only the parameters of Twilio's published Messages create (the
// list the `twilio` package's own types and serializer send), refuses
// anything else in Twilio's error shape, and signs with Twilio's documented
// algorithm, computed here by hand (not with the SDK the app checks with).
//
//   node --import tsx scripts/twilio-standin.ts   (port TWILIO_STANDIN_PORT or 12112)
import http from "node:http";
import { createHmac, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

/** Messages create: the form keys of `MessageListInstanceCreateOptions` (twilio/lib/rest/api/v2010/account/message). */
export const MESSAGE_CREATE_PARAMS = new Set([
  "To",
  "StatusCallback",
  "ApplicationSid",
  "MaxPrice",
  "ProvideFeedback",
  "Attempt",
  "ValidityPeriod",
  "ForceDelivery",
  "ContentRetention",
  "AddressRetention",
  "SmartEncoded",
  "PersistentAction",
  "TrafficType",
  "ShortenUrls",
  "ScheduleType",
  "SendAt",
  "SendAsMms",
  "ContentVariables",
  "MessageIntent",
  "RiskCheck",
  "From",
  "FallbackFrom",
  "MessagingServiceSid",
  "Body",
  "MediaUrl",
  "ContentSid",
]);
/** The only keys Twilio takes more than once (serialize.map lists). */
const REPEATABLE = new Set(["MediaUrl", "PersistentAction"]);
const E164 = /^\+[1-9][0-9]{1,14}$/;
const API = "2010-04-01";

export type StandinMessage = {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  /** What each signed callback got back from the app. */
  callbacks: { status: string; httpStatus: number }[];
};

/** Twilio's signature: HMAC-SHA1 over the URL then each parameter name and value, names sorted; base64. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

const sid = (prefix: string) => prefix + randomBytes(16).toString("hex");
const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");

function error(res: http.ServerResponse, status: number, code: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 256 * 1024) throw new Error("too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startTwilioStandin(opts: {
  port?: number;
  accountSid: string;
  authToken: string;
  /** The numbers and messaging services the account owns (a sender not among them is refused, as Twilio does). */
  from?: string[];
  messagingServiceSids?: string[];
  /** The app's incoming-message webhook (the number's "A message comes in" URL). */
  inboundUrl?: string;
  /** Pause between the status callbacks, ms. */
  callbackDelayMs?: number;
}) {
  const messages: StandinMessage[] = [];
  const inboundReplies: { from: string; body: string; httpStatus: number }[] = [];

  async function post(url: string, params: Record<string, string>): Promise<number> {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        "x-twilio-signature": twilioSignature(opts.authToken, url, params),
        "user-agent": "TwilioProxy/1.1",
      },
      body: new URLSearchParams(params).toString(),
    }).catch(() => null);
    await res?.text();
    return res?.status ?? 0;
  }

  async function runCallbacks(m: StandinMessage) {
    for (const status of ["queued", "sent", "delivered"]) {
      await new Promise((r) => setTimeout(r, opts.callbackDelayMs ?? 50));
      m.status = status;
      if (!m.statusCallback) continue;
      const params: Record<string, string> = {
        AccountSid: opts.accountSid,
        ApiVersion: API,
        From: m.from ?? "",
        To: m.to,
        MessageSid: m.sid,
        SmsSid: m.sid,
        MessageStatus: status,
        SmsStatus: status,
        ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
      };
      m.callbacks.push({ status, httpStatus: await post(m.statusCallback, params) });
    }
  }

  async function createMessage(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string) {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) return error(res, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
    const form = new URLSearchParams(await readBody(req));
    const p: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const key of new Set(form.keys())) {
      if (!MESSAGE_CREATE_PARAMS.has(key)) return error(res, 400, 20001, `Unknown parameter: ${key}`);
      if (form.getAll(key).length > 1 && !REPEATABLE.has(key)) return error(res, 400, 20001, `Parameter ${key} given more than once`);
      p[key] = form.get(key) ?? "";
    }
    if (!p.To) return error(res, 400, 21604, "A 'To' phone number is required.");
    if (!E164.test(p.To)) return error(res, 400, 21211, `Invalid 'To' Phone Number: ${p.To.slice(0, 40)}`);
    if (!p.From && !p.MessagingServiceSid) return error(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    if (p.From && !(opts.from ?? []).includes(p.From))
      return error(
        res,
        400,
        21606,
        `The From phone number ${p.From.slice(0, 40)} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    if (p.MessagingServiceSid && !(opts.messagingServiceSids ?? []).includes(p.MessagingServiceSid))
      return error(res, 400, 21701, "The Messaging Service Sid is invalid.");
    if (!p.Body && !form.has("MediaUrl") && !p.ContentSid) return error(res, 400, 21602, "Message body is required.");
    if ((p.Body ?? "").length > 1600) return error(res, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    if (p.StatusCallback !== undefined && !/^https?:\/\/[^\s]+$/.test(p.StatusCallback)) return error(res, 400, 21609, "Invalid StatusCallback url");
    const now = new Date();
    const m: StandinMessage = {
      sid: sid("SM"),
      to: p.To,
      from: p.From ?? null,
      messagingServiceSid: p.MessagingServiceSid ?? null,
      body: p.Body ?? "",
      statusCallback: p.StatusCallback ?? null,
      status: p.MessagingServiceSid ? "accepted" : "queued",
      callbacks: [],
    };
    messages.push(m);
    const uri = `/${API}/Accounts/${accountSid}/Messages/${m.sid}.json`;
    res.writeHead(201, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        account_sid: accountSid,
        api_version: API,
        body: m.body,
        date_created: rfc2822(now),
        date_sent: null,
        date_updated: rfc2822(now),
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from: m.from,
        messaging_service_sid: m.messagingServiceSid,
        num_media: "0",
        num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
        price: null,
        price_unit: "USD",
        sid: m.sid,
        status: m.status,
        subresource_uris: { media: `/${API}/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
        to: m.to,
        uri,
      }),
    );
    void runCallbacks(m);
  }

  /** A text from `from` to the account's number, as Twilio posts it to the app (signed). */
  async function deliverInbound(from: string, body: string): Promise<number> {
    if (!opts.inboundUrl) throw new Error("no inboundUrl");
    const messageSid = sid("SM");
    const params: Record<string, string> = {
      AccountSid: opts.accountSid,
      ApiVersion: API,
      Body: body,
      From: from,
      To: opts.from?.[0] ?? "",
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      SmsSid: messageSid,
      SmsStatus: "received",
      NumMedia: "0",
      NumSegments: "1",
      ...(opts.messagingServiceSids?.[0] ? { MessagingServiceSid: opts.messagingServiceSids[0] } : {}),
    };
    const httpStatus = await post(opts.inboundUrl, params);
    inboundReplies.push({ from, body, httpStatus });
    return httpStatus;
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://standin");
      // Test-only helpers, outside Twilio's paths: what was received, and "the customer replies".
      if (url.pathname === "/_standin/messages" && req.method === "GET") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(messages));
      }
      if (url.pathname === "/_standin/inbound" && req.method === "POST") {
        const form = new URLSearchParams(await readBody(req));
        const status = await deliverInbound(form.get("From") ?? "", form.get("Body") ?? "");
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ status }));
      }
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (!match) return error(res, 404, 20404, `The requested resource ${url.pathname.slice(0, 200)} was not found`);
      const auth = req.headers.authorization ?? "";
      const [user, pass] = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8").split(":") : [];
      if (user !== opts.accountSid || pass !== opts.authToken) {
        res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="Twilio API"' });
        return res.end(
          JSON.stringify({
            code: 20003,
            detail: "Your AccountSid or AuthToken was incorrect.",
            message: "Authenticate",
            more_info: "https://www.twilio.com/docs/errors/20003",
            status: 401,
          }),
        );
      }
      if (match[1] !== opts.accountSid) return error(res, 404, 20404, `The requested resource ${url.pathname.slice(0, 200)} was not found`);
      if (req.method !== "POST") return error(res, 405, 20004, "Method not allowed");
      return createMessage(req, res, match[1]);
    })().catch(() => {
      if (!res.headersSent) error(res, 400, 20001, "Bad request");
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    inboundReplies,
    deliverInbound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startTwilioStandin({
    port: Number(process.env.TWILIO_STANDIN_PORT ?? 12112),
    accountSid: process.env.TWILIO_ACCOUNT_SID ?? `AC${"0".repeat(32)}`,
    authToken: process.env.TWILIO_AUTH_TOKEN ?? "standin-auth-token-0000",
    from: [process.env.TWILIO_FROM ?? "+15005550006"],
    inboundUrl: `${process.env.APP_URL ?? "http://localhost:3000"}/webhooks/twilio/inbound`,
  });
  console.log(`Twilio stand-in at ${s.url}`);
}

import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import twilio from "twilio";
import { env } from "../env.server";
import { logger } from "../logger";

export interface SmsProvider {
  /** "twilio", or "folder" when no provider is configured. */
  readonly name: "twilio" | "folder";
  /** Hands one message to the provider; returns its id there (Twilio's message SID) and its first status. */
  send(to: string, body: string, statusCallback: string | null): Promise<{ providerId: string; status: string }>;
}

/** A provider's refusal (Twilio's error code and message), kept on the message row. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    /** Worth retrying (network, 429, 5xx) rather than recording as failed. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/**
 * The SDK talks to https://api.twilio.com; TWILIO_API_URL (tests, offline
 * development) sends the same requests to the local stand-in instead. The
 * SDK's documented extension point for this is a custom httpClient: this one
 * only swaps the origin and leaves auth, form encoding and errors to the SDK.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super({ timeout: 10_000 });
  }
  override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0] & { data?: TData }) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}

function twilioProvider(accountSid: string, authToken: string): SmsProvider {
  const client = twilio(accountSid, authToken, {
    httpClient: env.TWILIO_API_URL ? new RedirectingRequestClient(new URL(env.TWILIO_API_URL)) : undefined,
    timeout: 10_000,
  });
  return {
    name: "twilio",
    async send(to, body, statusCallback) {
      try {
        const sender = env.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID } : { from: env.TWILIO_FROM };
        const message = await client.messages.create({ to, body, ...sender, ...(statusCallback ? { statusCallback } : {}) });
        return { providerId: message.sid, status: message.status };
      } catch (error) {
        if (error instanceof twilio.RestException) {
          const transient = error.status === 429 || error.status >= 500;
          throw new SmsSendError(`Twilio ${error.status}${error.code ? ` (${error.code})` : ""}: ${error.message}`, error.code ?? null, transient);
        }
        throw new SmsSendError(`Twilio unreachable: ${String(error)}`, null, true);
      }
    },
  };
}

function folderProvider(): SmsProvider {
  return {
    name: "folder",
    async send(to, body, statusCallback) {
      const dir = path.resolve(env.SMS_DIR);
      await fs.mkdir(dir, { recursive: true });
      const providerId = `local-${randomUUID()}`;
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${providerId}.json`);
      await fs.writeFile(file, JSON.stringify({ to, body, statusCallback, at: new Date().toISOString() }, null, 2));
      logger.info("SMS written to folder (no Twilio configured)", { path: file });
      return { providerId, status: "written" };
    },
  };
}

const globalForSms = globalThis as unknown as { __nearshopSms?: SmsProvider };

/** Twilio when its account, token and a sender are set; otherwise the folder writer. */
export function smsProvider(): SmsProvider {
  return (globalForSms.__nearshopSms ??=
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? twilioProvider(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN) : folderProvider());
}

/**
 * True when the X-Twilio-Signature header signs this URL and these form
 * parameters with the account's auth token (the SDK's validateRequest).
 * Without Twilio configured nothing is signed, so nothing is accepted.
 */
export function twilioSignatureValid(signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (!env.TWILIO_AUTH_TOKEN || !signature) return false;
  return twilio.validateRequest(env.TWILIO_AUTH_TOKEN, signature, url, params);
}

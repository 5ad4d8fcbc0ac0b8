import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "../env.server";
import { logger } from "../logger";

export interface Mail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. RFC 8058's List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

const globalForMail = globalThis as unknown as { __nearshopSmtp?: nodemailer.Transporter };

function smtp() {
  return (globalForMail.__nearshopSmtp ??= nodemailer.createTransport(env.SMTP_URL));
}

/**
 * Sends over SMTP when SMTP_URL is set; otherwise writes the message to
 * MAIL_OUTBOX_DIR as a real .eml (open it in any mail client) plus a .json
 * of its parts, and logs the path. Returns where it went.
 */
export async function sendMail(mail: Mail): Promise<string> {
  const message = {
    from: env.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    ...(mail.headers ? { headers: mail.headers } : {}),
  };
  if (env.SMTP_URL) {
    const info = await smtp().sendMail(message);
    return `smtp:${info.messageId}`;
  }
  const dir = path.resolve(env.MAIL_OUTBOX_DIR);
  await fs.mkdir(dir, { recursive: true });
  const base = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.id}`);
  const built = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message);
  await fs.writeFile(`${base}.eml`, built.message as Buffer);
  await fs.writeFile(`${base}.json`, JSON.stringify({ ...message, id: mail.id, at: new Date().toISOString() }, null, 2));
  logger.info("email written to outbox folder (no SMTP_URL)", { to: mail.to, subject: mail.subject, path: `${base}.eml` });
  return `${base}.eml`;
}

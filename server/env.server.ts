import { z } from "zod";
import { loadDotEnv } from "./dotenv";

loadDotEnv();

const url = (what: string) => z.url({ message: `must be a URL, e.g. ${what}` });

const optionalUrl = (what: string) => z.preprocess((v) => (v === "" ? undefined : v), url(what).optional());

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Web processes sharing the port (node:cluster); one unless set. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    APP_URL: url("http://localhost:3000").default("http://localhost:3000"),
    DATABASE_URL: url("postgresql://postgres@127.0.0.1:5432/nearshop").default("postgresql://postgres@127.0.0.1:5432/nearshop"),
    APP_DATABASE_URL: url("postgresql://nearshop_app@127.0.0.1:5432/nearshop").default("postgresql://nearshop_app@127.0.0.1:5432/nearshop"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /**
     * Named prepared statements, kept per server connection. Turn off behind a
     * transaction-mode pooler that cannot track them (PgBouncer before 1.21,
     * or without max_prepared_statements): docs/decisions, PgBouncer.
     */
    DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"], { message: "must be true or false" }).default("true"),
    /**
     * A direct connection (not through a transaction-mode pooler) for LISTEN,
     * which outlives a transaction: the worker's outbox dispatcher, and the web's
     * session cache unless SESSION_LISTEN_DATABASE_URL says otherwise. APP_DATABASE_URL when unset.
     */
    DATABASE_DIRECT_URL: optionalUrl("postgresql://nearshop_app@127.0.0.1:5432/nearshop"),
    /**
     * A streaming replica (as the app role) for reads that may lag: storefront
     * search, shop and product pages, reports. Unset, everything reads the primary.
     */
    DATABASE_REPLICA_URL: optionalUrl("postgresql://nearshop_app@replica.internal:5432/nearshop"),
    /** After a write, that browser's reads stay on the primary this long (read-your-writes; above the replica's usual lag). */
    DATABASE_REPLICA_STICKY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    /** How long a web process trusts a session it validated (server/auth/session-cache.ts); 0 turns the cache off. */
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    /** A session (not transaction-pooled) connection for the cache's LISTEN; DATABASE_DIRECT_URL, else APP_DATABASE_URL, unless set. */
    SESSION_LISTEN_DATABASE_URL: optionalUrl("postgresql://nearshop_app@127.0.0.1:5432/nearshop"),
    REDIS_URL: url("redis://127.0.0.1:6379").default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i, "letters, digits, - and _ only")
      .default("nearshop"),
    SMTP_URL: optionalUrl("smtp://user:pass@smtp.example.com:587"),
    MAIL_FROM: z.string().min(3).default("Nearshop <no-reply@nearshop.local>"),
    MAIL_OUTBOX_DIR: z.string().default("var/outbox"),
    /** Product images, served publicly at /uploads/. */
    UPLOADS_DIR: z.string().default("var/uploads"),
    /** Uploaded CSV files waiting for or done with an import; never served. */
    IMPORTS_DIR: z.string().default("var/imports"),
    /** Images and import files go to this S3-compatible bucket when set; local disk otherwise. */
    S3_BUCKET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(3).max(63).optional()),
    /** The S3 API's URL for anything but AWS itself (MinIO, R2, …): http://127.0.0.1:9000. */
    S3_ENDPOINT: optionalUrl("http://127.0.0.1:9000"),
    S3_REGION: z.string().min(1).default("us-east-1"),
    /** Without these, the AWS SDK's own chain (environment, instance role…) supplies the credentials. */
    S3_ACCESS_KEY_ID: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    S3_SECRET_ACCESS_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    /** bucket in the path (http://host/bucket/key) rather than the host name: MinIO and most local servers need it. */
    S3_FORCE_PATH_STYLE: z.enum(["true", "false"], { message: "must be true or false" }).default("false"),
    /** Put before every key, e.g. "nearshop/" to share a bucket. */
    S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/)*$/, "folder names ending in /, e.g. nearshop/ (letters, digits, . _ -)")
      .default(""),
    STRIPE_SECRET_KEY: z.string().startsWith("sk_", "must start with sk_").optional(),
    /** Signing secret of the webhook endpoint (/webhooks/stripe), from the Stripe dashboard. */
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
    /** Signing secret of the Connect webhook endpoint (/webhooks/stripe-connect): events of the shops' own accounts. */
    STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
    /** Only for tests and offline development: where the local Stripe stand-in listens. */
    STRIPE_API_URL: optionalUrl("http://127.0.0.1:12111"),
    /** SMS through Twilio when the account SID, its auth token and a sender (TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID) are set; else written to SMS_DIR. */
    TWILIO_ACCOUNT_SID: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^AC[0-9a-fA-F]{32}$/, "AC followed by 32 hex digits")
        .optional(),
    ),
    TWILIO_AUTH_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "at least 16 characters").optional()),
    /** The sending number (E.164, e.g. +447700900123) or alphanumeric sender ID. */
    TWILIO_FROM: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$/, "an E.164 number (+447700900123) or a sender ID of up to 11 letters and digits")
        .optional(),
    ),
    TWILIO_MESSAGING_SERVICE_SID: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^MG[0-9a-fA-F]{32}$/, "MG followed by 32 hex digits")
        .optional(),
    ),
    /** Only for tests and offline development: where the local Twilio stand-in listens (scripts/twilio-standin.ts). */
    TWILIO_API_URL: optionalUrl("http://127.0.0.1:12112"),
    /** Without Twilio, each SMS is written here as a .json file. */
    SMS_DIR: z.string().default("var/sms"),
    TYPESENSE_URL: optionalUrl("http://127.0.0.1:8108"),
    /** A raster tile server for the maps of nearby shops, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; no map without it. */
    MAP_TILE_URL: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(
          /^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/,
          "MAP_TILE_URL must be an http(s) URL with {z}, {x} and {y} in it, like https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        )
        .optional(),
    ),
    /** The credit the tile server asks for, shown on the map (HTML allowed, e.g. a link to its copyright page). */
    MAP_ATTRIBUTION: z.string().default("© OpenStreetMap contributors"),
    TYPESENSE_API_KEY: z.string().optional(),
    RATE_LIMIT_SCALE: z.coerce.number().min(1).max(1000).default(1),
    /** Bearer token for /metrics (web and worker); unset, /metrics answers 404 (development: from loopback only). */
    METRICS_TOKEN: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^[\x21-\x7e]{24,512}$/, "24 to 512 printable characters without spaces (openssl rand -hex 32)")
        .optional(),
    ),
    /** The worker serves its /metrics on this port when set (it has no other HTTP). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Retention (jobs/retention.ts): audit log entries older than this many days are purged. */
    AUDIT_LOG_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(400),
    /** Retention: accounts whose email was never confirmed are deleted after this many days. */
    UNCONFIRMED_ACCOUNT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Signs customers' order links; required in production (openssl rand -base64 48). */
    APP_SECRET: z.string().min(32, "at least 32 characters (openssl rand -base64 48)").optional(),
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === "production" && !e.APP_SECRET)
      ctx.addIssue({ code: "custom", path: ["APP_SECRET"], message: "required in production (openssl rand -base64 48)" });
    if (!e.S3_BUCKET && (e.S3_ENDPOINT || e.S3_ACCESS_KEY_ID || e.S3_SECRET_ACCESS_KEY))
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "required when other S3_ variables are set (or remove them to keep files on disk)" });
    if (!e.TWILIO_ACCOUNT_SID !== !e.TWILIO_AUTH_TOKEN)
      ctx.addIssue({ code: "custom", path: ["TWILIO_AUTH_TOKEN"], message: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together" });
    if (e.TWILIO_ACCOUNT_SID && !e.TWILIO_FROM && !e.TWILIO_MESSAGING_SERVICE_SID)
      ctx.addIssue({ code: "custom", path: ["TWILIO_FROM"], message: "Twilio needs a sender: TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID" });
    if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY)
      ctx.addIssue({ code: "custom", path: ["S3_SECRET_ACCESS_KEY"], message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together" });
  })
  .transform((e) => ({ ...e, APP_SECRET: e.APP_SECRET ?? "nearshop-development-secret-never-use-in-production" }));

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, or returns a readable list of what is wrong. */
export function parseEnv(source: NodeJS.ProcessEnv): { env: Env } | { problems: string[] } {
  const result = envSchema.safeParse(source);
  if (result.success) return { env: result.data };
  return {
    problems: result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`),
  };
}

function load(): Env {
  const parsed = parseEnv(process.env);
  if ("env" in parsed) return parsed.env;
  console.error(
    `Nearshop cannot start: the environment is not valid.\n${parsed.problems
      .map((p) => `  - ${p}`)
      .join("\n")}\nFix these in .env (see .env.example for every variable and its default).`,
  );
  process.exit(1);
}

export const env = load();

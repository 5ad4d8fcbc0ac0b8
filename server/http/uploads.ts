import type express from "express";
import { logger } from "../logger";
import { isValidKey, type ObjectStorage } from "../integrations/storage.server";

/** Image keys are never reused (a new upload gets a new id), so a year, immutable. */
export const UPLOADS_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Serves objects of one storage (disk or bucket) with the same headers:
 * type, length, ETag (a matching If-None-Match gets 304), Last-Modified and
 * the long cache. A key our code could not have made is 404 before the
 * storage sees it; a storage that does not answer is 503, never a 500.
 */
export function serveObjects(storage: ObjectStorage): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let key: string;
    try {
      key = decodeURIComponent(req.path.slice(1));
    } catch {
      key = "";
    }
    if (!isValidKey(key)) return void res.status(404).type("text/plain").send("Not found");
    storage
      .open(key)
      .then((object) => {
        if (!object) return void res.status(404).type("text/plain").send("Not found");
        res.set({
          "Content-Type": object.contentType,
          "Cache-Control": UPLOADS_CACHE_CONTROL,
          ETag: object.etag,
          "Last-Modified": object.lastModified.toUTCString(),
        });
        const ifNoneMatch = req.get("if-none-match");
        if (req.method === "HEAD" || (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(object.etag))) {
          object.body.destroy();
          if (req.method === "HEAD") res.set("Content-Length", String(object.size));
          return void res.status(req.method === "HEAD" ? 200 : 304).end();
        }
        res.set("Content-Length", String(object.size));
        object.body.on("error", (error) => {
          logger.error("stored file could not be read to the end", { key, error: String(error) });
          res.destroy(error);
        });
        // A reader who goes away must not hold a bucket connection open.
        res.on("close", () => object.body.destroy());
        object.body.pipe(res);
      })
      .catch((error: unknown) => {
        logger.error("file storage did not answer", { key, error: String(error) });
        // Past the headers there is no status to change: end the response rather than throw again.
        if (res.headersSent) return void res.destroy();
        res.status(503).set("Retry-After", "30").type("text/plain").send("This file cannot be read right now. Try again in a moment.");
      });
  };
}

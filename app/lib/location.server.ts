import { z } from "zod";
import { browserCookie } from "./cookies.server";
import { pointSchema, SEARCH_LIMITS } from "../../server/schemas/search";
import { localPath } from "./local-path";

/** The customer's chosen location, remembered for a year (not personal data we keep: it lives in their browser). */
const cookie = browserCookie("nearshop_location", 365 * 24 * 3600);

const savedSchema = pointSchema.extend({
  label: z.string().max(200),
  radiusKm: z.number().positive().max(SEARCH_LIMITS.maxRadiusKm),
});
export type SavedLocation = z.infer<typeof savedSchema>;

export async function savedLocation(request: Request): Promise<SavedLocation | null> {
  const value: unknown = await cookie.parse(request.headers.get("Cookie")).catch(() => null);
  const parsed = savedSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function saveLocation(location: SavedLocation): Promise<string> {
  return cookie.serialize(location);
}

/** Same-site paths only, so the picker cannot be used to bounce people elsewhere. */
export function safeReturnPath(value: string | null, fallback = "/nearby"): string {
  return localPath(value) ?? fallback;
}

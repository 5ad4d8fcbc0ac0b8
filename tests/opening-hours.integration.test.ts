// Issue 25, item 2: opening hours per location, in the shop's zone, with
// exceptions, overnight hours and DST days; edited by managers on the
// location's page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { createShop, createUser, addMember } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { openIntervals, openStatus, openStatusText, pickupSlots, type DayException, type WeeklyInterval } from "../server/services/locations/hours";
import { startTestServer } from "./support/http";
import { setupChecklist } from "../server/services/shops/overview";
import { page, postForms } from "./support/pages";

const PARIS = "Europe/Paris";
const paris = (iso: string) => DateTime.fromISO(iso, { zone: PARIS }).toJSDate();
const text = (week: WeeklyInterval[], exceptions: DayException[], at: Date, zone = PARIS) =>
  openStatusText(openStatus(openIntervals(week, exceptions, zone, at), at), at, zone);
const h = (weekday: number, opens: string, closes: string): WeeklyInterval => {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return { weekday, opensMinute: m(opens), closesMinute: m(closes) };
};

// Monday to Saturday 09:00-12:30 and 14:00-19:00; Sunday closed.
const shopWeek = [1, 2, 3, 4, 5, 6].flatMap((d) => [h(d, "09:00", "12:30"), h(d, "14:00", "19:00")]);

describe("open now, in the shop's zone", () => {
  it("says when it closes, and when it opens next (lunch, evening, the weekend)", () => {
    // Wednesday 2 December 2026.
    expect(text(shopWeek, [], paris("2026-12-02T10:00"))).toBe("Open now · closes at 12:30");
    expect(text(shopWeek, [], paris("2026-12-02T13:00"))).toBe("Closed · opens at 14:00");
    expect(text(shopWeek, [], paris("2026-12-02T20:00"))).toBe("Closed · opens tomorrow 09:00");
    // Saturday evening: Sunday is closed, so Monday.
    expect(text(shopWeek, [], paris("2026-12-05T19:30"))).toBe("Closed · opens Monday 09:00");
    expect(text([], [], paris("2026-12-05T19:30"))).toBe("Closed");
  });

  it("reads the time in the shop's zone, not the server's: 08:30 UTC is 09:30 in Paris", () => {
    const at = new Date("2026-12-02T08:30:00Z");
    expect(text(shopWeek, [], at)).toBe("Open now · closes at 12:30");
    expect(text(shopWeek, [], at, "America/New_York")).toBe("Closed · opens at 09:00");
  });

  it("runs overnight hours past midnight, and joins them with the next day's early hours", () => {
    // Friday 22:00-02:00 (Saturday morning).
    const bar = [h(5, "22:00", "02:00"), h(6, "00:00", "01:00")];
    expect(text(bar, [], paris("2026-12-04T23:00"))).toBe("Open now · closes at 02:00");
    expect(text(bar, [], paris("2026-12-05T01:30"))).toBe("Open now · closes at 02:00");
    expect(text(bar, [], paris("2026-12-05T02:00"))).toBe("Closed · opens Friday 22:00");
    // Sunday 22:00-24:00 then Monday 00:00-03:00: one night.
    const late = [h(7, "22:00", "24:00"), h(1, "00:00", "03:00")];
    expect(text(late, [], paris("2026-12-06T23:00"))).toBe("Open now · closes at 03:00");
  });

  it("a holiday closes the day; an exception with other hours replaces the week's", () => {
    const christmas: DayException[] = [
      { day: "2026-12-24", opensMinute: 540, closesMinute: 780 },
      { day: "2026-12-25", opensMinute: null, closesMinute: null },
    ];
    expect(text(shopWeek, christmas, paris("2026-12-24T12:45"))).toBe("Open now · closes at 13:00");
    expect(text(shopWeek, christmas, paris("2026-12-24T15:00"))).toBe("Closed · opens Saturday 09:00");
    expect(text(shopWeek, christmas, paris("2026-12-25T10:00"))).toBe("Closed · opens tomorrow 09:00");
  });

  it("DST: the short night of 29 March 2026 and the long one of 25 October count real hours", () => {
    // Saturday 22:00 to Sunday 04:00 local: 5 real hours in spring, 7 in autumn.
    const night = [h(6, "22:00", "04:00")];
    const spring = openIntervals(night, [], PARIS, paris("2026-03-28T23:00"));
    expect(spring[0]!.end.diff(spring[0]!.start, "hours").hours).toBe(5);
    expect(text(night, [], paris("2026-03-29T03:30"))).toBe("Open now · closes at 04:00");
    const autumn = openIntervals(night, [], PARIS, paris("2026-10-24T23:00"));
    expect(autumn[0]!.end.diff(autumn[0]!.start, "hours").hours).toBe(7);
    // A day's hours after the change are at the new offset: 09:00 Paris is 07:00 UTC in summer.
    const [monday] = openIntervals(shopWeek, [], PARIS, paris("2026-03-30T08:00"));
    expect(monday!.start.toUTC().toISO()).toBe("2026-03-30T07:00:00.000Z");
  });
});

describe("pickup slots from the hours", () => {
  it("start after the preparation time, fit inside each interval, and skip the lunch break", () => {
    const at = paris("2026-12-02T11:10");
    const slots = pickupSlots(openIntervals(shopWeek, [], PARIS, at), at, { prepMinutes: 30, slotMinutes: 30 }, 4);
    const local = slots.map(
      (s) => `${DateTime.fromJSDate(s.start, { zone: PARIS }).toFormat("HH:mm")}-${DateTime.fromJSDate(s.end, { zone: PARIS }).toFormat("HH:mm")}`,
    );
    // 11:10 + 30 min = 11:40: the 11:30 slot has started; 12:00-12:30 is the last before lunch.
    expect(local).toEqual(["12:00-12:30", "14:00-14:30", "14:30-15:00", "15:00-15:30"]);
  });

  it("on the spring DST day, slots are real half hours (no slot at 02:30, which does not exist)", () => {
    const night = [h(7, "01:00", "04:00")];
    const at = paris("2026-03-29T00:00");
    const slots = pickupSlots(openIntervals(night, [], PARIS, at), at, { prepMinutes: 0, slotMinutes: 30 }, 4);
    expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone: PARIS }).toFormat("HH:mm"))).toEqual(["01:00", "01:30", "03:00", "03:30"]);
  });
});

describe("a manager edits hours on the location's page", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let shop: Awaited<ReturnType<typeof createShop>>;
  let owner: string;
  let cashier: string;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({ pages: true });
    shop = await createShop({ timezone: PARIS });
    owner = await server.cookieFor(shop.ownerId);
    const c = await createUser();
    await addMember(shop.id, c.id, "cashier");
    cashier = await server.cookieFor(c.id);
    url = `/shop/${shop.slug}/locations/${shop.locationId}`;
  });
  afterAll(() => server.close());

  async function submit(intent: string, change: Record<string, string>, cookie = owner) {
    const html = (await page(server.base, url, { cookie })).text;
    const form = postForms(html, url).find((f) => f.fields.some(([k, v]) => k === "intent" && v === intent));
    if (!form) throw new Error(`no ${intent} form`);
    const body = new URLSearchParams(form.fields);
    for (const [k, v] of Object.entries(change)) body.set(k, v);
    return page(server.base, url, { cookie, body });
  }
  const rows = () =>
    inShop(shop.id, (tx) => tx.locationHours.findMany({ where: { locationId: shop.locationId }, orderBy: [{ weekday: "asc" }, { opensMinute: "asc" }] }));

  it("the home page's setup step for opening hours ticks itself once a week is saved", async () => {
    const step = async () => (await setupChecklist(shop.id)).find((s) => s.key === "hours")?.done;
    expect(await step()).toBe(false);
    expect((await submit("hours", { "hours.tue": "10:00-18:00" })).status).toBe(302);
    expect(await step()).toBe(true);
    // Closed every day again (an empty day is closed), for the tests below.
    expect((await submit("hours", { "hours.tue": "" })).status).toBe(302);
    expect(await rows()).toEqual([]);
  });

  it("saves a week typed in 24-hour times and shows it back", async () => {
    const r = await submit("hours", { "hours.mon": "09:00-12:30, 14:00-19:00", "hours.fri": "9.00 to 19:00", "hours.sat": "22:00-02:00" });
    expect(r.status).toBe(302);
    expect((await rows()).map((w) => [w.weekday, w.opensMinute, w.closesMinute])).toEqual([
      [1, 540, 750],
      [1, 840, 1140],
      [5, 540, 1140],
      [6, 1320, 120],
    ]);
    const html = (await page(server.base, url, { cookie: owner })).text;
    expect(html).toContain('value="09:00-12:30, 14:00-19:00"');
    expect(html).toContain('value="22:00-02:00"');
  });

  it("refuses a wrong time beside its day, keeps what was typed, and changes nothing", async () => {
    const before = await rows();
    const r = await submit("hours", { "hours.tue": "9:00-25:00", "hours.wed": "10:00-12:00, 11:00-13:00" });
    expect(r.status).toBe(400);
    expect(r.text).toContain("Tuesday: &quot;9:00-25:00&quot; is not hours like 09:00-19:00 (24-hour times)");
    expect(r.text).toContain("Wednesday: the hours overlap; write each time once");
    expect(r.text).toContain('id="f-hours-tue-error"');
    expect(r.text).toContain('value="10:00-12:00, 11:00-13:00"');
    expect(await rows()).toEqual(before);
  });

  it("adds a closing day and other hours for a date, and removes one", async () => {
    expect((await submit("exception", { day: "2026-12-25", hours: "", note: "Christmas" })).status).toBe(302);
    expect((await submit("exception", { day: "2026-12-24", hours: "09:00-13:00", note: "" })).status).toBe(302);
    expect((await submit("exception", { day: "2026-02-30", hours: "" })).text).toContain("Date: that day does not exist");
    const html = (await page(server.base, url, { cookie: owner })).text.replace(/<!-- -->/g, "");
    // The day in bold; the shop's note as written (translate="no"): compared as the words shown.
    const shown = html.replace(/<(?!\/?strong>)[^>]+>/g, "");
    expect(shown).toContain("<strong>2026-12-25</strong>: Closed · Christmas");
    expect(shown).toContain("<strong>2026-12-24</strong>: 09:00-13:00");
    const removed = await page(server.base, url, { cookie: owner, body: new URLSearchParams({ intent: "removeException", day: "2026-12-24" }) });
    expect(removed.status).toBe(302);
    const days = await inShop(shop.id, (tx) =>
      tx.locationException.findMany({ where: { locationId: shop.locationId }, select: { day: true, opensMinute: true } }),
    );
    expect(days.map((d) => [d.day.toISOString().slice(0, 10), d.opensMinute])).toEqual([["2026-12-25", null]]);
  });

  it("a cashier sees the hours but cannot change them", async () => {
    const html = (await page(server.base, url, { cookie: cashier })).text;
    expect(html).toContain('value="09:00-12:30, 14:00-19:00"');
    expect(html).not.toContain("Save opening hours");
    const r = await page(server.base, url, {
      cookie: cashier,
      body: new URLSearchParams({ intent: "hours", ...Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [`hours.${d}`, ""])) }),
    });
    expect(r.status).toBe(403);
    expect((await rows()).length).toBe(4);
  });

  it("hostile input: a prototype key or another shop's location is a 4xx, never a 500", async () => {
    const other = await createShop();
    const theirs = await page(server.base, `/shop/${shop.slug}/locations/${other.locationId}`, { cookie: owner });
    expect(theirs.status).toBe(404);
    const notId = await page(server.base, `/shop/${shop.slug}/locations/constructor`, { cookie: owner });
    expect(notId.status).toBe(404);
    const proto = await page(server.base, url, { cookie: owner, body: new URLSearchParams({ intent: "hours", "hours.__proto__": "09:00-10:00" }) });
    expect(proto.status).toBe(400);
    const big = await submit("pickup", { slotCapacity: "5000", prepMinutes: "-5", slotMinutes: "99999999999999" });
    expect(big.status).toBe(400);
    expect(big.text).toContain("Orders per slot: 1,000 at most");
    expect(big.text).toContain("Preparation time: 0 or more");
    expect(big.text).toContain("Slot length: enter a number like 30");
  });
});

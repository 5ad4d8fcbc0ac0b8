import { z } from "zod";
import { DateTime } from "luxon";
import { idSchema, optionalText } from "./common";
import { checkbox, numberField, unsetIfBlank } from "./form-fields";

/**
 * Opening hours are typed as people write them on a door: "09:00-12:30,
 * 14:00-19:00" (24-hour times; "-", "–" or "to"); empty or "closed" is
 * closed. A close before the open runs past midnight ("22:00-02:00").
 * The form and the procedures share these schemas: the text is the input.
 */
export type TimeInterval = { opensMinute: number; closesMinute: number };

const TIME = /^([01]?\d|2[0-4])[:.h]([0-5]\d)$/;

function minuteOf(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  return minute > 1440 ? null : minute;
}

/** Minutes of the day an interval covers, as ranges on a 48-hour line (overnight runs past 1440). */
const span = (i: TimeInterval) => [i.opensMinute, i.closesMinute > i.opensMinute ? i.closesMinute : i.closesMinute + 1440] as const;

/** Intervals as a procedure takes them: whole minutes, none empty, none overlapping. */
export const intervalsSchema = (label: string) =>
  z
    .array(
      z.object({
        opensMinute: z.number().int(`${label}: whole minutes`).min(0, `${label}: a time of day`).max(1439, `${label}: a time of day`),
        closesMinute: z.number().int(`${label}: whole minutes`).min(1, `${label}: a time of day`).max(1440, `${label}: a time of day`),
      }),
      { message: `${label}: a list of opening intervals` },
    )
    .max(6, `${label}: 6 intervals a day at most`)
    .superRefine((list, ctx) => {
      if (list.some((i) => i.opensMinute === i.closesMinute))
        ctx.addIssue({ code: "custom", message: `${label}: an interval opens and closes at the same time` });
      const sorted = [...list].sort((a, b) => a.opensMinute - b.opensMinute);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]!.opensMinute < span(sorted[i - 1]!)[1]) {
          ctx.addIssue({ code: "custom", message: `${label}: the hours overlap; write each time once` });
          return;
        }
      }
    })
    .transform((list) => [...list].sort((a, b) => a.opensMinute - b.opensMinute));

/** A day's hours typed in a form field, as intervals. */
export const hoursText = (label: string) =>
  z
    .string({ message: `${label}: write hours like 09:00-12:30, 14:00-19:00, or leave empty for closed` })
    .trim()
    .max(200, `${label}: 200 characters at most`)
    .transform((text, ctx): TimeInterval[] => {
      if (text === "" || /^closed$/i.test(text)) return [];
      const out: TimeInterval[] = [];
      for (const part of text.split(/[,;]/)) {
        const piece = part.trim();
        if (!piece) continue;
        const [from, to, ...rest] = piece.split(/\s*(?:-|–|—|\bto\b)\s*/);
        const opens = from === undefined ? null : minuteOf(from);
        const closes = to === undefined ? null : minuteOf(to);
        if (rest.length || opens === null || closes === null) {
          ctx.addIssue({ code: "custom", message: `${label}: "${piece.slice(0, 40)}" is not hours like 09:00-19:00 (24-hour times)` });
          return z.NEVER;
        }
        if (opens === 1440) {
          ctx.addIssue({ code: "custom", message: `${label}: opening at 24:00 is midnight of the next day: write 00:00 there` });
          return z.NEVER;
        }
        if (opens === closes || (closes === 0 && opens === 0)) {
          ctx.addIssue({ code: "custom", message: `${label}: ${piece} opens and closes at the same time` });
          return z.NEVER;
        }
        out.push({ opensMinute: opens, closesMinute: closes === 0 ? 1440 : closes });
      }
      out.sort((a, b) => a.opensMinute - b.opensMinute);
      for (let i = 1; i < out.length; i++) {
        const [, prevEnd] = span(out[i - 1]!);
        if (out[i]!.opensMinute < prevEnd) {
          ctx.addIssue({ code: "custom", message: `${label}: the hours overlap; write each time once` });
          return z.NEVER;
        }
      }
      if (out.length > 6) {
        ctx.addIssue({ code: "custom", message: `${label}: 6 intervals a day at most` });
        return z.NEVER;
      }
      return out;
    })
    .pipe(intervalsSchema(label));

export const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const WEEKDAY_LABELS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

type Week<T> = Record<(typeof WEEKDAY_KEYS)[number], T>;
const week = <T extends z.ZodType>(make: (label: string) => T) =>
  z.object(Object.fromEntries(WEEKDAY_KEYS.map((k, i) => [k, make(WEEKDAY_LABELS[i]!)])) as Week<T>);

export const openingHoursSchema = z.object({ locationId: idSchema, hours: week(intervalsSchema) });
/** The hours form: each day typed as text. */
export const openingHoursForm = openingHoursSchema.extend({ hours: week(hoursText) });
export type OpeningHoursInput = z.output<typeof openingHoursSchema>;

/** A calendar date "2026-12-25", real (not 2026-02-30), this century. */
export const daySchema = z
  .string({ message: "Date: choose a day" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Date: choose a day like 2026-12-25")
  .refine((d) => DateTime.fromISO(d, { zone: "UTC" }).isValid, "Date: that day does not exist")
  .refine((d) => d >= "2000-01-01" && d <= "2099-12-31", "Date: between 2000 and 2099");

export const exceptionSchema = z.object({
  locationId: idSchema,
  day: daySchema,
  /** None: closed all day. */
  hours: intervalsSchema("Hours"),
  note: z.string().trim().max(120, "Note: 120 characters at most").default(""),
});
export const exceptionForm = exceptionSchema.extend({ hours: hoursText("Hours") });
export type ExceptionInput = z.output<typeof exceptionSchema>;

export const removeExceptionSchema = z.object({ locationId: idSchema, day: daySchema });

export const pickupSettingsSchema = z.object({
  locationId: idSchema,
  pickupPoint: z.boolean({ message: "Pickup point: on or off" }),
  publicName: z.string().trim().min(1, "Public name: leave empty or name it").max(80, "Public name: 80 characters at most").nullable(),
  prepMinutes: z.number().int("Preparation time: whole minutes").min(0, "Preparation time: 0 or more").max(10_080, "Preparation time: a week at most"),
  slotMinutes: z.number().int("Slot length: whole minutes").min(5, "Slot length: 5 minutes at least").max(480, "Slot length: 8 hours at most"),
  slotCapacity: z.number().int("Orders per slot: a whole number").min(1, "Orders per slot: 1 at least").max(1000, "Orders per slot: 1,000 at most"),
});
export type PickupSettingsInput = z.output<typeof pickupSettingsSchema>;

/** The pickup settings form: the box is on when sent, numbers typed, an empty public name is none. */
export const pickupSettingsForm = pickupSettingsSchema.extend({
  pickupPoint: checkbox,
  publicName: unsetIfBlank(pickupSettingsSchema.shape.publicName.unwrap()).transform((v) => v ?? null),
  prepMinutes: numberField("Preparation time", "30").pipe(pickupSettingsSchema.shape.prepMinutes),
  slotMinutes: numberField("Slot length", "30").pipe(pickupSettingsSchema.shape.slotMinutes),
  slotCapacity: numberField("Orders per slot", "5").pipe(pickupSettingsSchema.shape.slotCapacity),
});

/** Pause online orders at a location for a while (a rush, a breakdown), with a note for customers. */
export const pauseOrdersSchema = z
  .object({
    locationId: idSchema,
    /** Minutes from now, or to the end of the shop's day. */
    minutes: z.number().int("Pause: whole minutes").min(5, "Pause: 5 minutes at least").max(1440, "Pause: a day at most").optional(),
    untilEndOfDay: z.literal(true).optional(),
    note: optionalText(200, "Note for customers"),
  })
  .refine((v) => (v.minutes === undefined) !== (v.untilEndOfDay === undefined), { message: "Pause: choose how long", path: ["minutes"] });
export type PauseOrdersInput = z.output<typeof pauseOrdersSchema>;

/** The page's choices: a few durations, or the rest of today. */
export const PAUSE_CHOICES = ["15", "30", "60", "120", "240", "today"] as const;
export const pauseOrdersForm = z.object({
  pauseFor: z.enum(PAUSE_CHOICES, { message: "Pause: choose how long" }),
  note: optionalText(200, "Note for customers"),
});
/** The form's choice as the procedure's input. */
export const pauseInputOf = ({ pauseFor, note }: z.output<typeof pauseOrdersForm>) =>
  pauseFor === "today" ? { untilEndOfDay: true as const, note } : { minutes: Number(pauseFor), note };

export const resumeOrdersSchema = z.object({ locationId: idSchema });

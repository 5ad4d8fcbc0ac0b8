import { describe, expect, it } from "vitest";
import { z } from "zod";
import { choiceParam, dateParam, readParams, requireParams, wholeNumberParam } from "./url-params";
import { productListSchema } from "../../server/schemas/catalog";

const schema = z.object({
  q: z.string().max(100, "Search: 100 characters at most").optional(),
  status: choiceParam("Status", ["draft", "active", "archived"]).optional(),
  sort: choiceParam("Sort", ["title", "-title"]).default("title"),
  page: wholeNumberParam("Page", 1, 10_000).default(1),
  from: dateParam("From").optional(),
  tag: z.array(z.string()).optional(),
});
const read = (qs: string) => readParams(new URLSearchParams(qs), schema);

describe("readParams", () => {
  it("treats an empty field as not set, and keeps the others (the 'Any …' option)", () => {
    const { values, problems } = read("q=tarte&status=&sort=-title&page=");
    expect(problems).toEqual([]);
    expect(values).toEqual({ q: "tarte", sort: "-title", page: 1 });
  });

  it("reads the product list's own schema from what its form sends", () => {
    const { values, problems } = readParams(new URLSearchParams("q=tarte&status=&categoryId=&stock=low&sort=-title"), productListSchema);
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ q: "tarte", stock: "low", sort: "-title" });
    expect(values.status).toBeUndefined();
  });

  it("blank (spaces only) is not set either", () => {
    expect(read("q=%20%20&sort=%20").values).toEqual({ sort: "title", page: 1 });
  });

  it("a bad field is named and falls back to its default; the rest stay", () => {
    const { values, problems } = read("q=tarte&sort=price&status=active");
    expect(values).toEqual({ q: "tarte", status: "active", sort: "title", page: 1 });
    expect(problems).toEqual([{ field: "sort", message: "Sort: choose one of title, -title" }]);
  });

  it("ignores names that are not fields, including __proto__ and constructor", () => {
    const { values, problems } = read("__proto__=x&constructor=y&__proto__[polluted]=1&toString=z&q=ok");
    expect(problems).toEqual([]);
    expect(values).toEqual({ q: "ok", sort: "title", page: 1 });
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a schema with a field named constructor reads it as data", () => {
    const { values } = readParams(new URLSearchParams("constructor=x"), z.object({ constructor: z.string().optional() }));
    expect(values.constructor).toBe("x");
  });

  it("refuses NUL and other control characters", () => {
    const { values, problems } = read("q=tar%00te&status=active");
    expect(values).toEqual({ status: "active", sort: "title", page: 1 });
    expect(problems).toEqual([{ field: "q", message: "contains characters that are not allowed" }]);
  });

  it("refuses huge values without cutting them", () => {
    const { values, problems } = read(`q=${"a".repeat(100_000)}&sort=-title`);
    expect(values).toEqual({ sort: "-title", page: 1 });
    expect(problems[0]).toEqual({ field: "q", message: "500 characters at most" });
    expect(read(`q=${"a".repeat(101)}`).problems[0]?.message).toBe("Search: 100 characters at most");
  });

  it("whole numbers: digits only, within bounds, even past 32 and 53 bits", () => {
    expect(read("page=42").values.page).toBe(42);
    for (const bad of ["4294967296", "99999999999999999999999", "1e3", "0x10", "-1", "1.5", "Infinity", "NaN", "0"]) {
      const { values, problems } = read(`page=${bad}`);
      expect(values.page, bad).toBe(1);
      expect(problems[0]?.field, bad).toBe("page");
      expect(problems[0]?.message, bad).toMatch(/^Page: /);
    }
  });

  it("dates: the shape a date input sends, and a real day", () => {
    expect(read("from=2026-03-31").values.from).toBe("2026-03-31");
    expect(read("from=2026-02-30").problems).toEqual([{ field: "from", message: "From: not a real date" }]);
    expect(read("from=31/03/2026").problems[0]?.message).toBe("From: a date like 2026-03-31");
  });

  it("a repeated field takes its first non-empty value; an array field takes them all", () => {
    expect(read("sort=&sort=-title&sort=title").values.sort).toBe("-title");
    expect(read("tag=a&tag=&tag=b").values.tag).toEqual(["a", "b"]);
    expect(read("status=nope&status=active").problems).toHaveLength(1);
  });
});

describe("requireParams", () => {
  it("answers 400 naming every bad field", async () => {
    let thrown: unknown;
    try {
      requireParams(new URL("http://x/?sort=price&page=0&q=fine&from=x%00"), schema, { from: "From date" });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain("Sort: choose one of title, -title");
    expect(text).toContain("Page: 1 at least");
    expect(text).toContain("From date: contains characters that are not allowed");
    expect(text).not.toContain("fine");
  });

  it("returns the values when all is well", () => {
    expect(requireParams(new URL("http://x/?q=a&status="), schema)).toEqual({ q: "a", sort: "title", page: 1 });
  });
});

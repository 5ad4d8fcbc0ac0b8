import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "./logger";
import { withRequestContext } from "./request-context";

const lines: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  lines.length = 0;
});
const capture = () =>
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });

describe("logger", () => {
  it("puts the request's id on every line written inside it, across awaits", async () => {
    capture();
    await withRequestContext({ requestId: "req-1234abcd", readPrimary: false }, async () => {
      logger.warn("first");
      await new Promise((r) => setTimeout(r, 5));
      logger.error("second", { detail: 1 });
    });
    logger.warn("outside");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((l) => [l.msg, l.requestId])).toEqual([
      ["first", "req-1234abcd"],
      ["second", "req-1234abcd"],
      ["outside", undefined],
    ]);
    expect(parsed[1]).toMatchObject({ level: "error", detail: 1 });
  });
});

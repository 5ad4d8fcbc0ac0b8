import { describe, expect, it } from "vitest";
import { delayReason, delayWhen } from "./delay-facts";

describe("a delay, as the customer reads it", () => {
  it("takes the reason staff typed from the history's note, and nothing when there was none", () => {
    expect(delayReason("Delayed by 20 min: new pickup time Thu 3 Dec, 14:00–14:30 (Paris time). Oven broke. Sorry")).toBe("Oven broke. Sorry");
    expect(delayReason("Delayed by 5 min: ready at about 3 Dec 2026, 14:05 (Paris time)")).toBeNull();
    expect(delayReason("Something else")).toBeNull();
  });

  it("gives the new slot or time in the shop's zone, in the message's language", () => {
    const slot = { pickupSlotStart: new Date("2026-12-03T13:00:00Z"), pickupSlotEnd: new Date("2026-12-03T13:30:00Z"), readyAt: null };
    expect(delayWhen("en", slot, "Europe/Paris")).toEqual({ kind: "slot", when: "Thu 3 Dec, 14:00–14:30" });
    expect(delayWhen("fr", slot, "Europe/Paris")).toEqual({ kind: "slot", when: "jeu. 3 déc., 14:00\u2009–\u200914:30" });
    expect(delayWhen("fr", { pickupSlotStart: null, pickupSlotEnd: null, readyAt: new Date("2026-12-03T18:00:00Z") }, "Europe/Paris")).toEqual({
      kind: "time",
      when: "19:00",
    });
  });
});

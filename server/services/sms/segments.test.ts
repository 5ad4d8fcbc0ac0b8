import { describe, expect, it } from "vitest";
import { plainSmsText, smsCost } from "./segments";

describe("what an SMS costs", () => {
  it("counts GSM-7 texts in septets, with the escape characters twice, and splits at 153", () => {
    expect(smsCost("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsCost("a".repeat(161))).toEqual({ encoding: "GSM-7", units: 161, segments: 2 });
    expect(smsCost("a".repeat(306))).toMatchObject({ segments: 2 });
    expect(smsCost("a".repeat(307))).toMatchObject({ segments: 3 });
    expect(smsCost("€[]")).toEqual({ encoding: "GSM-7", units: 6, segments: 1 });
  });

  it("keeps é è à ù É Ç in GSM-7, and lets ç â ê î ô û œ ° ’ switch the whole text to UCS-2", () => {
    expect(smsCost("Votre commande est disponible, créneau à 14:00, où ? Éric Ç").encoding).toBe("GSM-7");
    for (const ch of ["ç", "â", "ê", "î", "ô", "û", "œ", "°", "’", "«", "\u202f"]) {
      expect(smsCost(`prete ${ch}`).encoding, ch).toBe("UCS-2");
    }
    expect(smsCost("ê".repeat(70))).toMatchObject({ segments: 1 });
    expect(smsCost("ê".repeat(71))).toMatchObject({ segments: 2 });
    expect(smsCost("ê".repeat(135))).toMatchObject({ segments: 3 });
  });

  it("turns Intl's narrow spaces and dashes into plain ones", () => {
    const slot = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).formatRange(
      new Date("2026-12-03T13:00:00Z"),
      new Date("2026-12-03T13:30:00Z"),
    );
    expect(smsCost(slot).encoding).toBe("UCS-2");
    expect(plainSmsText(slot)).toBe("13:00 - 13:30");
    expect(smsCost(plainSmsText(`l’heure ${slot}`)).encoding).toBe("GSM-7");
  });
});

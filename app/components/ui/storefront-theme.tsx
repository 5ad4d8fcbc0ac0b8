import type { CSSProperties, ReactNode } from "react";

const HEX = /^#([0-9a-f]{6})$/i;

/** Relative luminance (WCAG 2) of a #rrggbb colour. */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The colours a shop's accent sets: buttons in it, and text on it dark or light, whichever reads. */
export function accentVariables(accent: string | null | undefined): CSSProperties | undefined {
  if (!accent || !HEX.test(accent)) return undefined;
  const light = luminance(accent) > 0.179;
  return { "--accent": accent, "--on-accent": light ? "#111" : "#fff", ...(light ? {} : { "--accent-ink": accent }) } as CSSProperties;
}

/**
 * The storefront's theme layer: a shop's accent colour on its pages
 * (buttons, links, focus rings), over the platform's tokens. An accent
 * that is not a #rrggbb colour is ignored (the platform's green stays).
 */
export function StorefrontTheme({ accent, children }: { accent?: string | null; children: ReactNode }) {
  return (
    <div className="storefront" style={accentVariables(accent)}>
      {children}
    </div>
  );
}

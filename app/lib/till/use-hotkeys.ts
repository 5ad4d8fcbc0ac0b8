import { useEffect, useRef } from "react";

/**
 * The till's keys, in one listener: `keys` maps a key name (as
 * KeyboardEvent.key gives it: "F8", "Enter") to what it does; the newest
 * handlers run, without re-binding on every render.
 */
export function useHotkeys(keys: Record<string, (e: KeyboardEvent) => void>) {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const run = latest.current[e.key];
      if (run) run(e);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** Calls `onIdle` after `ms` without a key or a touch. */
export function useIdle(ms: number, onIdle: () => void) {
  const latest = useRef(onIdle);
  latest.current = onIdle;
  useEffect(() => {
    let timer = window.setTimeout(() => latest.current(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(), ms);
    };
    const events = ["keydown", "pointerdown"] as const;
    for (const e of events) window.addEventListener(e, reset);
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [ms]);
}

import { useEffect, useRef, type RefObject } from "react";

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

/**
 * A till's keys, the same on both tills: F2 the search box, F4 the cash
 * field, F8 pay (or, once paid, the next sale), F9 print the receipt
 * (where the till prints one), Enter the next sale once paid.
 */
export function useTillKeys(k: {
  search: RefObject<HTMLInputElement>;
  cash: RefObject<HTMLInputElement>;
  done: boolean;
  pay: () => void;
  startOver: () => void;
  print?: () => void;
  /** F9 with no sale done: the last receipt again (where the till keeps one). */
  reprint?: () => void;
}) {
  useHotkeys({
    F2: (e) => {
      e.preventDefault();
      k.search.current?.focus();
    },
    F4: (e) => {
      e.preventDefault();
      k.cash.current?.focus();
    },
    F8: (e) => {
      e.preventDefault();
      if (k.done) k.startOver();
      else k.pay();
    },
    F9: (e) => {
      if (k.done && k.print) {
        e.preventDefault();
        k.print();
      } else if (!k.done && k.reprint) {
        e.preventDefault();
        k.reprint();
      }
    },
    Enter: (e) => {
      if (k.done && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        k.startOver();
      }
    },
  });
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

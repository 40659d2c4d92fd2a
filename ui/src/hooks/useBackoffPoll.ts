import { useEffect, useRef } from "react";

/**
 * Runs `fn` while `active`: first after `firstMs`, then each wait doubled up to `maxMs` (an audit can take
 * hours; asking every few seconds all day would only load Huifu). `fn` returning true means "something
 * changed": the waits start short again.
 */
export function useBackoffPoll(fn: () => Promise<boolean>, active: boolean, firstMs = 3000, maxMs = 120_000) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    let stop = false;
    let wait = firstMs;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      let changed = false;
      try {
        changed = await ref.current();
      } catch {
        /* keep the last known state; try again later */
      }
      wait = changed ? firstMs : Math.min(wait * 2, maxMs);
      if (!stop) timer = setTimeout(tick, wait);
    };
    timer = setTimeout(tick, firstMs);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [active, firstMs, maxMs]);
}

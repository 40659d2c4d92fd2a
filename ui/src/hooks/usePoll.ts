import { useEffect, useRef } from "react";

/** Runs `fn` every `ms` while `active`, and once at once. */
export function usePoll(fn: () => Promise<unknown> | void, ms: number, active: boolean) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        await ref.current();
      } catch {
        /* the page shows the last known state; the next tick tries again */
      }
      if (!stop) timer = setTimeout(tick, ms);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [ms, active]);
}

import { useEffect, useState } from "react";
import type { StartupStatus } from "../bindings/StartupStatus";
import { call } from "../ipc/call";
import { onEvent } from "../ipc/events";

/** When the page's script started (Unix ms), for the start-up trace (PAYDESK_STARTUP_TRACE=1). */
const scriptStart = performance.timeOrigin + performance.now();

/**
 * After the first render has been painted (two animation frames after the commit), tells the shell the
 * window is up: only then does it start what may wait on the network (receivers, the reconcile of open
 * writes). Sends the page's own start marks for the trace.
 */
export function useReportFirstPaint(): void {
  useEffect(() => {
    const rendered = performance.timeOrigin + performance.now();
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const marks: [string, number][] = [
          ["navigation", performance.timeOrigin],
          ["script", scriptStart],
          ["first render", rendered],
          ["painted", performance.timeOrigin + performance.now()],
        ];
        void call("app_ready", { marks }).catch(() => {
          /* outside the app shell (tests): nothing to start */
        });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, []);
}

/** The start-up work's status: read once, then followed through the shell's `startup-changed`. */
export function useStartupStatus(): StartupStatus | null {
  const [status, setStatus] = useState<StartupStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = onEvent("startup-changed", (s) => live && setStatus(s));
    call("startup_status")
      .then((s) => live && setStatus((cur) => cur ?? s))
      .catch(() => {});
    return () => {
      live = false;
      void off.then((f) => f());
    };
  }, []);
  return status;
}

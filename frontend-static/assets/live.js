// Keeping a view current. `watch` listens to the API's event stream (GET /api/v1/events) and refreshes the view
// when something it shows changes; where the server has no stream it polls instead. `poll` is the plain timer.
import { eventSourceURL } from "./api.js";

/** Calls `refresh()` now and then every `ms`; returns a function that stops it. `refresh` returning false stops,
 * "idle" waits `idleMs` before the next call. Never overlaps itself; pauses while the tab is hidden. */
export function poll(refresh, ms = 2000, idleMs = ms, { immediate = true } = {}) {
  let stopped = false;
  let timer = null;
  let busy = false;
  let again = false;
  async function tick() {
    timer = null;
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    if (document.hidden) {
      timer = setTimeout(tick, ms);
      return;
    }
    let answer = true;
    busy = true;
    try {
      answer = await refresh();
    } catch (error) {
      // A failed refresh (network blip, server restart) must not end the view: try again on the next tick.
      if (error?.status === 401) answer = false;
    } finally {
      busy = false;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    if (!stopped && answer !== false) timer = setTimeout(tick, again ? 0 : answer === "idle" ? idleMs : ms);
    again = false;
  }
  if (immediate) tick(); else timer = setTimeout(tick, idleMs);
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  /** Refreshes now (after the running refresh, if one is running), then goes on as before. */
  stop.now = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    tick();
  };
  return stop;
}

/** Whether the server has the event stream: unknown (null) until the first stream opened or failed to. */
let streamAvailable = null;

/** Refreshes on every run or task event matching `filter` ({workflow_id, run_id}), at most every `debounceMs`,
 * and every `idleMs` anyway; without an event stream it polls every `fallbackMs` ("idle": every `idleMs`). */
export function watch(filter, refresh, { fallbackMs = 2000, idleMs = 15000, immediate = true, debounceMs = 250 } = {}) {
  if (streamAvailable === false || typeof EventSource !== "function") {
    document.body.dataset.live = "polling";
    return poll(refresh, fallbackMs, idleMs, { immediate });
  }
  let stopped = false;
  let stopPolling = null;
  let pending = null;
  let running = false;
  let again = false;
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined
    && value !== null));
  const source = new EventSource(eventSourceURL(`/events?${query}`));
  let opened = false;

  async function run() {
    pending = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      if ((await refresh()) === false) stop();
    } catch (error) {
      if (error?.status === 401) stop();
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  }
  function schedule() {
    pending ??= setTimeout(run, debounceMs);
  }
  function stop() {
    stopped = true;
    source.close();
    if (pending) clearTimeout(pending);
    if (stopPolling) stopPolling();
  }

  source.onopen = () => {
    opened = true;
    streamAvailable = true;
    document.body.dataset.live = "stream";
  };
  for (const kind of ["run", "task", "resync"]) source.addEventListener(kind, schedule);
  source.onerror = () => {
    if (opened || stopped) return; // EventSource reconnects by itself; the server sends `resync` after.
    // The stream never opened (an older server without it): poll instead.
    source.close();
    streamAvailable = false;
    document.body.dataset.live = "polling";
    if (stopPolling) stopPolling();
    stopPolling = poll(refresh, fallbackMs, idleMs, { immediate: false });
  };
  // The first refresh now, then a slow safety net in case an event was missed.
  stopPolling = poll(refresh, idleMs, idleMs, { immediate });
  stop.now = () => stopPolling?.now?.();
  return stop;
}

/** True for run and task states that can still change. */
export function isUnfinished(state) {
  return !["success", "failed", "skipped", "upstream_failed", "removed"].includes(state);
}

// Keeping a view current: `poll` calls a function every few seconds until stopped (or until it returns false),
// never overlapping itself, and pauses while the tab is hidden.

/** Calls `refresh()` now and then every `ms`; returns a function that stops it. `refresh` returning false stops. */
export function poll(refresh, ms = 2000) {
  let stopped = false;
  let timer = null;
  async function tick() {
    timer = null;
    if (stopped) return;
    if (document.hidden) {
      timer = setTimeout(tick, ms);
      return;
    }
    let again = true;
    try {
      again = (await refresh()) !== false;
    } catch (error) {
      // A failed refresh (network blip, server restart) must not end the view: try again on the next tick.
      if (error?.status === 401) again = false;
    }
    if (!stopped && again) timer = setTimeout(tick, ms);
  }
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** True for run and task states that can still change. */
export function isUnfinished(state) {
  return !["success", "failed", "skipped", "upstream_failed", "removed"].includes(state);
}

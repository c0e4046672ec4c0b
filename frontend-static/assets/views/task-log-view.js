// A task of a run: its log (followed while the task runs, in a bounded window), why it waits, actions (clear, mark),
// XComs pushed and pulled by the shown try, what upstream tasks offer, progress, metadata and every try.
import { get, seg } from "../api.js";
import { emptyState, facts, formatSpan, formatTime, h, replace, stateBadge } from "../dom.js";
import { isUnfinished, watch } from "../live.js";
import { logPane } from "./log-pane.js";
import { taskActions } from "./task-actions.js";

export async function render(main, [id, task], app, query) {
  const [job, tries] = await Promise.all([get(`/jobs/${id}`), get(`/jobs/${id}/tasks/${seg(task)}/tries`)
    .catch(() => [])]);
  const instance = job.task_instances.find((ti) => ti.task_id === task);
  if (!instance) {
    replace(main, h("h1", {}, "No such task"),
      h("p", {}, `Run ${id} has no task ${task}. `, h("a", { href: `#/jobs/${id}` }, "Back to the run.")));
    return;
  }
  const chosenTry = Number(query.get("try")) || instance.try_number;
  const explicitTry = query.has("try");
  const following = chosenTry === instance.try_number;
  const head = h("div", { id: "task-head" });
  const actionsBox = h("div", {});
  const actionResult = h("div", { id: "action-result", role: "status", "aria-live": "polite" }, app.carried ?? null);
  app.carried = null;
  const xcomBox = h("div", { id: "xcoms" });
  const pullBox = h("div", { id: "xcom-pulls" });
  const upstreamBox = h("div", { id: "upstream-xcoms" });
  // The direct upstream tasks, from the graph of the version the run is pinned to: their XComs are what this task's
  // xcom_pull can read (the worker hands them over in MLOOP_XCOM_INPUT); "XCom pulled" shows what the try did read.
  const graph = await get(`/workflows/${seg(job.workflow_id)}/graph?run_id=${id}`).catch(() => null);
  const upstream = new Set((graph?.edges ?? []).filter((edge) => edge.to === task).map((edge) => edge.from));
  const triesBox = h("div", { id: "tries" });
  const chosen = tries.find((t) => t.try_number === chosenTry);
  const pane = logPane(id, task, chosenTry, chosen?.log_bytes ?? 0);
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" },
      h("a", { href: "#/jobs" }, "Jobs"), " / ", h("a", { href: `#/jobs/${id}` }, `run ${id}`), ` / ${task}`),
    head, pane.element, actionsBox,
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, "XCom pushed"), xcomBox),
      h("section", { class: "card", id: "xcom-pulled-card" }, h("h2", {}, "XCom pulled"), pullBox),
      h("section", { class: "card" }, h("h2", {}, "XCom available from upstream"), upstreamBox)),
    h("section", { class: "card" }, h("h2", {}, "Tries"), triesBox));

  let lastState = null;
  const stop = watch({ run_id: id }, async () => {
    const [current, instances, allTries] = await Promise.all([get(`/jobs/${id}`),
      get(`/jobs/${id}/tasks`).catch(() => null), get(`/jobs/${id}/tasks/${seg(task)}/tries`).catch(() => null)]);
    const ti = current.task_instances.find((t) => t.task_id === task);
    const reason = instances?.find((t) => t.task_id === task)?.waiting_reason ?? null;
    renderHead(head, current, ti, chosenTry, reason);
    renderTries(triesBox, id, task, allTries ?? (current.tries ?? []).filter((t) => t.task_id === task), chosenTry);
    if (ti.state !== lastState) {
      lastState = ti.state;
      replace(actionsBox, taskActions(id, task, ti.state, actionResult, () => {
        // Clearing drops the chosen try from view: follow the task's next try.
        if (explicitTry) app.navigate(`#/jobs/${id}/tasks/${seg(task)}`);
        else stop.now();
      }));
    }
    if (!explicitTry && ti.try_number !== chosenTry && ti.try_number > 0) {
      // A new try started (a retry or a clear): show it from its beginning, keeping what the last action said.
      app.carried = actionResult.firstChild;
      app.navigate(location.hash);
      return false;
    }
    await pane.update(following && isUnfinished(ti.state));
    const [xcoms, pulls] = await Promise.all([get(`/jobs/${id}/xcoms`), chosenTry > 0
      ? get(`/jobs/${id}/tasks/${seg(task)}/xcom-pulls?try=${chosenTry}`).catch(() => null) : []]);
    const tryState = (allTries ?? current.tries ?? []).find((t) => t.task_id === task && t.try_number === chosenTry)?.state;
    renderPulls(pullBox, pulls, chosenTry, tryState);
    renderXComs(xcomBox, xcoms.filter((x) => x.task_id === task));
    renderUpstreamXComs(upstreamBox, upstream, xcoms.filter((x) => upstream.has(x.task_id)));
    // A finished task can still be cleared (here or elsewhere): keep watching, slowly.
    return following && isUnfinished(ti.state) ? true : "idle";
  }, { fallbackMs: 1000 });
  return () => {
    stop();
    pane.stop();
  };
}

function renderHead(box, job, ti, chosenTry, reason) {
  replace(box,
    h("div", { class: "page-head" },
      h("h1", {}, ti.task_id), h("span", { id: "task-state", "data-state": ti.state }, stateBadge(ti.state))),
    reason && isUnfinished(ti.state) && ti.state !== "running" ? h("p", { class: "waiting", id: "waiting-reason" },
      h("strong", {}, "Why isn't it running? "), reason) : null,
    facts([
      ["Run", h("a", { href: `#/jobs/${job.id}` }, `#${job.id} of ${job.workflow_id}`)],
      ["Try", `${chosenTry || "—"} of ${ti.max_tries}`],
      ["Started", formatTime(ti.started_at, { millis: true })],
      ["Duration", formatSpan(ti.started_at, ti.ended_at)],
      ["Progress", ti.progress ? h("code", {}, JSON.stringify(ti.progress)) : null],
      ["Metadata", ti.metadata ? h("code", {}, JSON.stringify(ti.metadata)) : null],
    ], { inline: true }));
}

function renderTries(box, jobID, task, tries, chosenTry) {
  replace(box, tries.length === 0 ? emptyState("No try yet.")
    : h("ul", { class: "plain", id: "try-list" }, [...tries].reverse().map((t) => h("li", { "data-try": t.try_number },
      t.try_number === chosenTry ? h("strong", {}, `Try ${t.try_number}`)
        : h("a", { href: `#/jobs/${jobID}/tasks/${seg(task)}?try=${t.try_number}` }, `Try ${t.try_number}`),
      " ", stateBadge(t.state), ` ${formatTime(t.started_at, { millis: true })}, ${formatSpan(t.started_at, t.ended_at)}`,
      t.exit_code !== null && t.exit_code !== undefined ? `, exit code ${t.exit_code}` : "",
      t.hostname || t.worker_id ? h("span", { class: "muted small" }, ` on ${t.hostname ?? t.worker_id}`) : null,
      t.error ? h("div", { class: "form-error small" }, t.error) : null))));
}

function renderXComs(box, xcoms) {
  replace(box, xcoms.length === 0 ? h("p", { class: "muted" }, "This task pushed no XCom.")
    : h("table", { class: "list compact", id: "xcom-table" },
      h("thead", {}, h("tr", {}, ["Key", "Value", "Try"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, xcoms.map((x) => h("tr", {},
        h("td", {}, h("code", {}, x.key)), h("td", {}, h("code", {}, JSON.stringify(x.value))),
        h("td", {}, String(x.try_number)))))));
}

function renderPulls(box, pulls, chosenTry, tryState) {
  replace(box, pulls === null ? h("p", { class: "muted" }, "The pulled XComs could not be loaded.")
    : pulls.length > 0 ? h("table", { class: "list compact", id: "xcom-pull-table" },
      h("thead", {}, h("tr", {}, ["From task", "Key", "Value now"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, pulls.map((p) => h("tr", {},
        h("td", {}, p.from_task_id), h("td", {}, h("code", {}, p.key)),
        h("td", {}, p.value === null ? h("span", { class: "muted" }, "gone") : h("code", {}, JSON.stringify(p.value)))))))
    : h("p", { class: "muted" }, chosenTry === 0 ? "No try yet."
      : tryState === "running" || tryState === "queued" ? "Pulls are recorded when the try ends."
      : `Try ${chosenTry} pulled no XCom.`));
}

function renderUpstreamXComs(box, upstream, xcoms) {
  replace(box, upstream.size === 0 ? h("p", { class: "muted" }, "This task has no upstream task.")
    : xcoms.length === 0 ? h("p", { class: "muted" },
      `Its upstream tasks (${[...upstream].join(", ")}) pushed no XCom: xcom_pull finds nothing.`)
    : h("table", { class: "list compact", id: "upstream-xcom-table" },
      h("thead", {}, h("tr", {}, ["Task", "Key", "Value"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, xcoms.map((x) => h("tr", {},
        h("td", {}, x.task_id), h("td", {}, h("code", {}, x.key)), h("td", {}, h("code", {}, JSON.stringify(x.value))))))));
}

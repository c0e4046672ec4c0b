// A task of a run: its log (followed while the task runs, loaded in pieces), XComs, progress, metadata and tries.
import { get, seg } from "../api.js";
import { emptyState, facts, formatDuration, formatTime, h, replace, seconds, stateBadge } from "../dom.js";
import { isUnfinished, poll } from "../live.js";

/** The DOM keeps at most this much log text; older text is dropped from the view (the API still has it). */
const MAX_SHOWN = 8 << 20;

export async function render(main, [id, task], _app, query) {
  const job = await get(`/jobs/${id}`);
  const instance = job.task_instances.find((ti) => ti.task_id === task);
  if (!instance) {
    replace(main, h("h1", {}, "No such task"),
      h("p", {}, `Run ${id} has no task ${task}. `, h("a", { href: `#/jobs/${id}` }, "Back to the run.")));
    return;
  }
  const chosenTry = Number(query.get("try")) || instance.try_number;
  const following = chosenTry === instance.try_number;
  const head = h("div", { id: "task-head" });
  const log = h("pre", { class: "log", id: "log", tabindex: 0, "aria-label": "Task log", "aria-live": "off" });
  const logState = h("p", { class: "muted small", id: "log-state" });
  const follow = h("input", { type: "checkbox", id: "follow", checked: true });
  const xcomBox = h("div", { id: "xcoms" });
  const triesBox = h("div", { id: "tries" });
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" },
      h("a", { href: "#/jobs" }, "Jobs"), " / ", h("a", { href: `#/jobs/${id}` }, `run ${id}`), ` / ${task}`),
    head,
    h("section", { class: "card" },
      h("div", { class: "section-head" }, h("h2", {}, `Log of try ${chosenTry || "—"}`),
        h("label", { class: "check" }, follow, "Follow the end")),
      log, logState),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, "XCom pushed"), xcomBox),
      h("section", { class: "card" }, h("h2", {}, "Tries"), triesBox)));

  let offset = 0;
  let shown = 0;
  async function readLog(state) {
    if (!chosenTry) {
      logState.textContent = "The task has not started yet: its log appears here when it runs.";
      return;
    }
    // Read piece by piece (the API sends at most 1 MiB at a time) until caught up.
    for (let piece = 0; piece < 64; piece++) {
      const answer = await get(`/jobs/${id}/logs/${seg(task)}?try=${chosenTry}&offset=${offset}`);
      if (answer.content) {
        log.append(answer.content);
        shown += answer.content.length;
        while (shown > MAX_SHOWN && log.firstChild) {
          shown -= log.firstChild.textContent.length;
          log.firstChild.remove();
        }
      }
      const moved = answer.next_offset > offset;
      offset = answer.next_offset;
      if (!moved) break;
    }
    if (follow.checked) log.scrollTop = log.scrollHeight;
    logState.textContent = offset === 0 && !isUnfinished(state) ? "This try wrote nothing to its log."
      : `${offset.toLocaleString()} bytes${isUnfinished(state) && following ? " · following the running task" : ""}`;
  }

  return poll(async () => {
    const current = await get(`/jobs/${id}`);
    const ti = current.task_instances.find((t) => t.task_id === task);
    renderHead(head, current, ti, chosenTry);
    renderTries(triesBox, current, task, chosenTry);
    const state = following ? ti.state : "success";
    await readLog(state);
    const xcoms = await get(`/jobs/${id}/xcoms?task_name=${seg(task)}`);
    renderXComs(xcomBox, xcoms);
    return following && (isUnfinished(ti.state) || isUnfinished(current.state));
  }, 1000);
}

function renderHead(box, job, ti, chosenTry) {
  replace(box,
    h("div", { class: "page-head" },
      h("h1", {}, ti.task_id), h("span", { id: "task-state", "data-state": ti.state }, stateBadge(ti.state))),
    facts([
      ["Run", h("a", { href: `#/jobs/${job.id}` }, `#${job.id} of ${job.workflow_id}`)],
      ["Try", `${chosenTry || "—"} of ${ti.max_tries}`],
      ["Started", formatTime(ti.started_at)],
      ["Duration", formatDuration(seconds(ti.started_at, ti.ended_at))],
      ["Progress", ti.progress ? h("code", {}, JSON.stringify(ti.progress)) : null],
      ["Metadata", ti.metadata ? h("code", {}, JSON.stringify(ti.metadata)) : null],
    ], { inline: true }));
}

function renderTries(box, job, task, chosenTry) {
  const tries = (job.tries ?? []).filter((t) => t.task_id === task);
  replace(box, tries.length === 0 ? emptyState("No try yet.")
    : h("ul", { class: "plain" }, tries.map((t) => h("li", {},
      t.try_number === chosenTry ? h("strong", {}, `Try ${t.try_number}`)
        : h("a", { href: `#/jobs/${job.id}/tasks/${seg(task)}?try=${t.try_number}` }, `Try ${t.try_number}`),
      " ", stateBadge(t.state), ` ${formatTime(t.started_at)}, ${formatDuration(seconds(t.started_at, t.ended_at))}`,
      t.exit_code !== null && t.exit_code !== undefined ? `, exit code ${t.exit_code}` : "",
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

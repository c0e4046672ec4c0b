// What the deployed version of a workflow says: schedule and next run, timezone, catch-up, limits, params, and, for
// a file workflow, the file's source (YAML or Swift) read-only.
import { ApiError, get, seg } from "../api.js";
import { facts, formatTime, h, replace } from "../dom.js";

/** Fills `box` (and `sourceBox` when given) from the current version of workflow `id`. */
export async function loadDefinition(box, id, sourceBox) {
  const [versions, listed] = await Promise.all([
    get(`/workflows/${seg(id)}/versions?limit=1000`).catch(() => []),
    get(`/workflows/?q=${encodeURIComponent(id)}&limit=50`).catch(() => []),
  ]);
  const current = versions.find((v) => v.is_current) ?? versions[0];
  const item = listed.find((w) => w.id === id);
  if (!current) {
    replace(box, h("p", { class: "muted" }, "Nothing deployed yet: the schedule and params apply once you deploy."));
    return;
  }
  let version;
  try {
    version = await get(`/workflows/${seg(id)}/versions/${current.version}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
  const definition = version.definition ?? {};
  const params = Object.entries(definition.params ?? {});
  replace(box,
    facts([
      ["Version", `v${version.version}${version.is_current ? "" : " (not current)"}`],
      ["Schedule", scheduleText(definition.schedule)],
      ["Next run", item?.next_run_at && item.is_active
        ? `${formatTime(item.next_run_at)} (logical date ${formatTime(item.next_logical_date)})`
        : item && !item.is_active && definition.schedule ? "paused" : "—"],
      ["Timezone", definition.timezone ?? "UTC"],
      ["Catch-up", definition.catchup ? "yes: missed intervals run" : "no"],
      ["Start date", definition.start_date ? formatTime(definition.start_date) : null],
      ["Max active runs", definition.max_active_runs ?? null],
      ["Tags", definition.tags?.length ? definition.tags.join(", ") : null],
    ]),
    h("h3", { class: "params-title" }, "Params"),
    params.length === 0 ? h("p", { class: "muted small", id: "params" }, "No params: runs get only their conf.")
      : h("table", { class: "list compact", id: "params" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Default"))),
        h("tbody", {}, params.map(([name, value]) => h("tr", {},
          h("td", {}, h("code", {}, name)), h("td", {}, h("code", {}, JSON.stringify(value))))))));
  if (sourceBox) {
    replace(sourceBox,
      h("p", { class: "muted small" }, `${version.file_path ?? "the file"} (${version.source_format ?? "?"}), ` +
        "read-only here: edit the file to change the workflow."),
      h("pre", { class: "source", id: "file-source", tabindex: 0, "aria-label": "Workflow source" },
        version.source ?? "(no source stored)"));
  }
}

function scheduleText(schedule) {
  if (schedule === null || schedule === undefined || schedule === "none" || schedule === "") return "manual only";
  if (typeof schedule === "string") return h("code", {}, schedule);
  const text = schedule.cron ?? schedule.expression ?? schedule.preset ?? schedule.every ?? null;
  return h("code", {}, text ?? JSON.stringify(schedule));
}

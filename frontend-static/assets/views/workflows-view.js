// Workflows: every workflow with its schedule, paused toggle, latest runs and a trigger button; import errors first.
import { get, post, seg } from "../api.js";
import { emptyState, formatTime, h, replace, stateSquare } from "../dom.js";
import { loadImportErrors } from "./import-errors.js";
import { openTriggerDialog } from "./trigger-dialog.js";

export async function render(main, _params, app) {
  const errorsBox = h("section", { id: "import-errors", "aria-live": "polite" });
  const table = h("div", { class: "table-wrap" });
  replace(main,
    h("div", { class: "page-head" },
      h("h1", {}, "Workflows"),
      h("div", { class: "actions" },
        h("a", { class: "button primary", href: "#/workflows/new", id: "new-workflow" }, "New workflow"),
        h("a", { class: "button", href: "#/workflows/new-yaml" }, "New from YAML"))),
    errorsBox, table);
  const [workflows, importErrors] = await Promise.all([get("/workflows/?limit=1000"), loadImportErrors()]);
  renderImportErrors(errorsBox, importErrors);
  if (workflows.length === 0) {
    replace(table, emptyState(
      "No workflows yet. Create one here, or put a YAML or Swift file in the dags/ folder: it appears within seconds.",
      h("a", { class: "button primary", href: "#/workflows/new" }, "New workflow")));
    return;
  }
  replace(table, h("table", { class: "list", id: "workflow-table" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Workflow"), h("th", { scope: "col" }, "Schedule"),
      h("th", { scope: "col" }, "Active"), h("th", { scope: "col" }, "Recent runs"),
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
    h("tbody", {}, workflows.map((workflow) => row(workflow, workflow.last_runs ?? [], app)))));
}

function row(workflow, runs, app) {
  const problem = h("span", { class: "form-error small", role: "alert" });
  const toggle = h("input", {
    type: "checkbox", class: "switch", checked: workflow.is_active,
    "aria-label": `${workflow.id} is active (scheduled)`,
    onchange: async () => {
      problem.textContent = "";
      try {
        await post(`/workflows/${seg(workflow.id)}/${toggle.checked ? "unpause" : "pause"}`);
      } catch (error) {
        toggle.checked = !toggle.checked;
        problem.textContent = error.message;
      }
    },
  });
  const source = workflow.source_kind === "file"
    ? h("span", { class: "tag", title: workflow.file_path ?? "" }, `file ${workflow.file_path ?? ""}`)
    : h("span", { class: "tag" }, workflow.deployed_version ? `v${workflow.deployed_version}` : "draft");
  return h("tr", { "data-workflow": workflow.id },
    h("td", {},
      h("a", { class: "strong", href: `#/workflows/${seg(workflow.id)}` }, workflow.id), " ", source,
      workflow.description ? h("div", { class: "muted small" }, workflow.description) : null),
    h("td", {}, workflow.schedule ? h("code", {}, workflow.schedule) : h("span", { class: "muted" }, "manual"),
      workflow.next_run_at && workflow.is_active
        ? h("div", { class: "muted small" }, `next ${formatTime(workflow.next_run_at)}`) : null),
    h("td", {}, toggle, problem),
    h("td", { class: "squares" }, runs.length === 0 ? h("span", { class: "muted small" }, "no runs yet")
      : [...runs].reverse().map((job) => stateSquare(job.state,
        `run ${job.run_id}: ${job.state}, ${formatTime(job.logical_date)}`, `#/jobs/${job.run_id}`))),
    h("td", { class: "right" },
      h("button", {
        type: "button", class: "trigger", "data-trigger": workflow.id,
        disabled: workflow.source_kind !== "file" && !workflow.deployed_version,
        title: workflow.source_kind !== "file" && !workflow.deployed_version ? "Deploy the workflow first" : "",
        onclick: () => openTriggerDialog(workflow.id, app),
      }, "Trigger")));
}

function renderImportErrors(box, errors) {
  if (!errors || errors.length === 0) {
    replace(box);
    return;
  }
  replace(box, h("div", { class: "import-errors", role: "alert" },
    h("h2", {}, `${errors.length} workflow file${errors.length === 1 ? "" : "s"} failed to load`),
    errors.map((error) => h("details", { open: true },
      h("summary", {}, h("code", {}, error.file_path)),
      h("ul", {}, (error.issues?.length ? error.issues : [{ message: error.message }]).map((issue) =>
        h("li", {}, issue.line ? h("span", { class: "muted" }, `line ${issue.line}: `) : null, issue.message)))))));
}


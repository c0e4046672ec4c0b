// A workflow: settings, tasks (add, edit, delete), its graph, deploy, trigger, and its recent runs.
import { del, get, post, put, seg } from "../api.js";
import { emptyState, errorBox, facts, formatSpan, formatTime, h, replace, stateBadge } from "../dom.js";
import { graphFigure } from "../graph-view.js";
import { graphCard } from "./workflow-graph-card.js";
import { parseIssues, showIssues } from "./field-issues.js";
import { graphTasks } from "./task-graph.js";
import { taskForm } from "./task-form.js";
import { loadDefinition } from "./workflow-definition.js";
import { loadGrid } from "./workflow-grid.js";
import { versionsCard } from "./workflow-versions.js";
import { openTriggerDialog } from "./trigger-dialog.js";
import { watch } from "../live.js";
import { workflowFields } from "./workflow-form.js";

export async function render(main, [id], app, query) {
  // `#/workflows/x?limit=10`: runs per grid page (the API's default, 25, otherwise).
  const gridLimit = Number(query?.get("limit"));
  const gridOptions = Number.isInteger(gridLimit) && gridLimit >= 1 && gridLimit <= 1000 ? { limit: gridLimit } : {};
  let workflow = await get(`/workflows/${seg(id)}`);
  const editable = workflow.source_kind !== "file";
  const status = h("div", { id: "workflow-status", role: "status", "aria-live": "polite" });
  const versionTag = h("span", { class: "tag", id: "version-tag" });
  const triggerButton = h("button", { type: "button", id: "trigger", onclick: () => openTriggerDialog(id, app) },
    "Trigger");
  const tasksBox = h("div", { id: "tasks" });
  // Settings of the deployed version (saved as YAML) that the form's draft cannot hold: the server refuses a deploy.
  const unsupportedBox = h("div", { id: "form-unsupported-box" });
  const yamlLink = h("a", { class: "button", href: `#/workflows/new-yaml?workflow=${seg(id)}`, id: "edit-as-yaml" },
    "Edit as YAML");
  const graph = graphCard(id, { plainLabel: editable ? "none (the draft)" : "none", followLatest: !editable });
  const runsBox = h("div", { id: "runs" });
  const gridBox = h("div", { id: "grid" });
  const definitionBox = h("div", { id: "definition" });
  const sourceBox = editable ? null : h("div", { id: "source" });
  const versions = versionsCard(workflow, async () => {
    await reload();
    await Promise.all([loadDefinition(definitionBox, id), loadGrid(gridBox, id, gridOptions)]);
  });
  const formBox = h("div", { id: "task-form-box" });
  const taskIssues = new Map();
  let settings = null;

  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/workflows" }, "Workflows"), ` / ${id}`),
    h("div", { class: "page-head" },
      h("h1", {}, id, " ", versionTag),
      h("div", { class: "actions" },
        editable ? h("button", { type: "button", class: "primary", id: "deploy", onclick: deploy }, "Deploy") : null,
        triggerButton,
        h("a", { class: "button", href: `#/jobs?workflow=${seg(id)}` }, "Runs"),
        editable ? h("button", { type: "button", class: "danger", onclick: remove }, "Delete") : null)),
    status,
    h("div", { class: "columns" },
      h("div", {},
        editable ? settingsCard() : fileCard(),
        h("section", { class: "card" },
          h("div", { class: "section-head" }, h("h2", {}, "Tasks"),
            editable ? h("span", { class: "actions" }, yamlLink,
              h("button", { type: "button", id: "add-task", onclick: () => openForm(null) }, "Add task")) : null),
          unsupportedBox, tasksBox, formBox)),
      h("div", {},
        graph.element,
        h("section", { class: "card" }, h("h2", {}, "Recent runs"), runsBox))),
    h("section", { class: "card", id: "grid-card" }, h("h2", {}, "Grid"), gridBox),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, editable ? "Deployed definition" : "Schedule and params"),
        definitionBox),
      sourceBox ? h("section", { class: "card", id: "source-card" }, h("h2", {}, "Source"), sourceBox) : null),
    versions.element);
  renderWorkflow();
  if (!editable) {
    // A file workflow's tasks come from its deployed version.
    const fileGraph = await get(`/workflows/${seg(id)}/graph`);
    graph.setPlain(() => replace(graph.box, graphFigure(graphTasks(fileGraph), { label: `Graph of ${id}` })));
    replace(tasksBox, h("ul", { class: "task-list" }, fileGraph.nodes.map((node) => h("li", { "data-task": node.id },
      h("strong", {}, node.id), h("span", { class: "muted small" }, ` ${node.kind}, ${node.retries} retries`)))));
  }
  await Promise.all([loadRuns(), gridIfDeployed(), loadDefinition(definitionBox, id, sourceBox),
    versions.load()]);
  // New runs and state changes show in the recent runs and the grid as they happen.
  return watch({ workflow_id: id }, async () => {
    await Promise.all([loadRuns(), gridIfDeployed()]);
    return "idle";
  }, { fallbackMs: 5000, idleMs: 5000, immediate: false });

  function gridIfDeployed() {
    if (editable && !workflow.deployed_version) {
      replace(gridBox, emptyState("No grid yet: deploy the workflow, then its runs appear here as columns."));
      return null;
    }
    return loadGrid(gridBox, id, gridOptions);
  }

  function renderWorkflow() {
    versionTag.textContent = workflow.source_kind === "file" ? "from file"
      : workflow.deployed_version ? `deployed v${workflow.deployed_version}` : "draft, not deployed";
    triggerButton.disabled = editable && !workflow.deployed_version;
    triggerButton.title = triggerButton.disabled ? "Deploy the workflow first" : "";
    const tasks = workflow.tasks ?? [];
    const unsupported = workflow.form_unsupported ?? [];
    yamlLink.hidden = !workflow.deployed_version;
    const deployButton = main.querySelector("#deploy");
    if (deployButton) {
      deployButton.disabled = unsupported.length > 0;
      deployButton.title = unsupported.length ? "This workflow has settings the form cannot edit: edit it as YAML" : "";
    }
    replace(unsupportedBox, unsupported.length === 0 ? null
      : h("div", { class: "error-box", role: "note", id: "form-unsupported" },
        h("strong", {}, "This workflow uses settings the form cannot edit: "), unsupported.join(", "), ". ",
        "The form shows what it can hold; deploying from it is refused so that nothing is dropped. ",
        h("a", { href: `#/workflows/new-yaml?workflow=${seg(id)}` }, "Edit it as YAML"), "."));
    if (!editable) {
      replace(tasksBox, h("p", { class: "muted" }, "Tasks of a file workflow are read from its file."));
    } else if (!tasks.length && workflow.deployed_version) {
      replace(tasksBox, emptyState("The draft has no tasks: the deployed version is what runs. "
        + "Tasks added here start a draft that replaces it when deployed; or edit it as YAML."));
    } else if (!tasks.length) {
      replace(tasksBox, emptyState("No tasks yet. Add the first one: Python (with a `context` dict), a bash script, or Swift."));
    } else {
      replace(tasksBox, h("ul", { class: "task-list" }, tasks.map((task, index) => taskItem(task, index))));
    }
    if (editable && workflow.deployed_version && (!tasks.length || unsupported.length)) {
      // Without draft tasks, or with tasks the draft cannot hold: the graph is the deployed version's.
      get(`/workflows/${seg(id)}/graph`).then((deployed) =>
        graph.setPlain(() => replace(graph.box, graphFigure(graphTasks(deployed), { label: `Graph of ${id}` }))));
    } else if (editable) {
      graph.setPlain(() => replace(graph.box, graphFigure(tasks.map((t) => ({ id: t.name, needs: t.dependencies })),
        { label: `Graph of ${id}` })));
    }
  }

  function taskItem(task, index) {
    const issues = h("div", { class: "field-issues", id: `task-issues-${index}` });
    taskIssues.set(index, issues);
    return h("li", { "data-task": task.name },
      h("div", { class: "task-line" },
        h("strong", {}, task.name),
        h("span", { class: "tag task-kind", "data-kind": task.kind ?? "python", title: "Kind" }, task.kind ?? "python"),
        h("span", { class: "muted small" },
          task.dependencies.length ? ` after ${task.dependencies.join(", ")}` : " (first)",
          ` · ${task.retry_count} ${task.retry_count === 1 ? "retry" : "retries"}, ${task.retry_delay} s apart`,
          task.timeout ? ` · timeout ${task.timeout} s` : "",
          task.trigger_rule && task.trigger_rule !== "all_success" ? ` · ${task.trigger_rule}` : ""),
        h("span", { class: "actions" },
          h("button", { type: "button", class: "small", onclick: () => openForm(task) }, "Edit"),
          h("button", { type: "button", class: "small danger", onclick: () => removeTask(task) }, "Delete"))),
      issues);
  }

  function openForm(task) {
    const others = (workflow.tasks ?? []).map((t) => t.name).filter((name) => name !== task?.name);
    replace(formBox, taskForm({
      workflowID: id, task, others,
      onSaved: async () => {
        replace(formBox);
        await reload();
        replace(status, h("p", { class: "notice" }, "Task saved in the draft. Deploy to make it the version that runs."));
      },
      onCancel: () => replace(formBox),
    }));
  }

  async function reload() {
    workflow = await get(`/workflows/${seg(id)}`);
    renderWorkflow();
  }

  async function removeTask(task) {
    if (!confirm(`Delete task ${task.name} from the draft?`)) return;
    try {
      await del(`/tasks/${task.id}`);
      await reload();
    } catch (error) {
      replace(status, errorBox(error));
    }
  }

  async function deploy() {
    replace(status, h("p", { class: "muted" }, "Deploying…"));
    for (const slot of taskIssues.values()) slot.replaceChildren();
    try {
      const answer = await post(`/workflows/${seg(id)}/deploy`);
      await reload();
      await Promise.all([loadGrid(gridBox, id, gridOptions), loadDefinition(definitionBox, id), versions.load()]);
      replace(status, h("p", { class: "notice", id: "deploy-result" }, answer.created
        ? `Deployed version ${answer.version}. The scheduler uses it from now on; trigger a run to try it.`
        : `The draft equals version ${answer.version}, which is current again.`));
    } catch (error) {
      const general = h("div", {});
      replace(status, h("div", { class: "error-box", role: "alert", id: "deploy-error" },
        h("strong", {}, error.status === 422 ? "Not deployed: fix these problems first" : "Not deployed"), general));
      showIssues(parseIssues(error), (path) => {
        const task = path.match(/^tasks\[(\d+)\]/);
        return task ? taskIssues.get(Number(task[1])) : settings?.slots(path);
      }, general);
    }
  }

  async function remove() {
    if (!confirm(`Delete workflow ${id}? Its draft goes; its runs and versions stay in the history.`)) return;
    try {
      await del(`/workflows/${seg(id)}`);
      app.navigate("#/workflows");
    } catch (error) {
      replace(status, errorBox(error));
    }
  }

  function settingsCard() {
    settings = workflowFields(workflow, { nameEditable: false });
    const general = h("div", { class: "form-error", role: "alert" });
    return h("form", { class: "card", id: "settings-form", onsubmit: async (event) => {
      event.preventDefault();
      settings.clearIssues();
      general.replaceChildren();
      const { description, schedule, is_active } = settings.values();
      try {
        workflow = { ...workflow, ...(await put(`/workflows/${seg(id)}`, { description, schedule, is_active })) };
        renderWorkflow();
        replace(status, h("p", { class: "notice" }, "Settings saved in the draft."));
      } catch (error) {
        showIssues(parseIssues(error), settings.slots, general);
      }
    } },
    h("h2", {}, "Settings"), settings.element, general,
    h("div", { class: "actions" }, h("button", { type: "submit", id: "save-settings" }, "Save settings")));
  }

  function fileCard() {
    return h("section", { class: "card" }, h("h2", {}, "Definition"),
      facts([
        ["File", h("code", {}, workflow.file_path ?? "?")],
        ["Description", workflow.description ?? "—"],
        ["Schedule", workflow.schedule ?? "manual"],
        ["Active", workflow.is_active ? "yes" : "paused"],
      ]),
      h("p", { class: "muted small" }, "This workflow comes from the dags/ folder: edit its file to change it."));
  }

  async function loadRuns() {
    const runs = await get(`/jobs/?workflow_id=${seg(id)}&limit=15`);
    await graph.setRuns(runs);
    replace(runsBox, runs.length === 0 ? emptyState(editable ? "No runs yet. Deploy, then Trigger to start one."
      : "No runs yet: Trigger starts one (or the schedule will).")
      : h("table", { class: "list compact" },
        h("thead", {}, h("tr", {}, ["Run", "State", "Started", "Duration"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, runs.map((job) => h("tr", {},
          h("td", {}, h("a", { href: `#/jobs/${job.id}` }, `#${job.id}`)), h("td", {}, stateBadge(job.state)),
          h("td", {}, formatTime(job.started_at)),
          h("td", {}, formatSpan(job.started_at, job.ended_at)))))));
  }
}

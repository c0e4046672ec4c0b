// A workflow as YAML, validated as you type (debounced calls to POST /workflows/validate), with a graph preview;
// "Save and deploy" stores it as a new version of the API workflow its id names (POST /workflows/yaml).
import { get, post, seg } from "../api.js";
import { codeEditor } from "../code-editor.js";
import { h, replace } from "../dom.js";
import { graphFigure } from "../graph-view.js";

const EXAMPLE = `id: my_workflow
description: Two steps
schedule: "@daily"
tasks:
  - id: extract
    python: |
      print("extracting")
      context["ti"].xcom_push(key="rows", value=3)
  - id: load
    needs: [extract]
    bash: echo "loading"
`;

export async function render(main, _params, app, query) {
  const editor = codeEditor({ id: "yaml-source", rows: 22, "aria-describedby": "yaml-issues" });
  // `?workflow=ID` edits the YAML an API workflow was saved from (its current version's source).
  const editing = query?.get("workflow");
  editor.value = editing ? await currentYAML(editing) ?? EXAMPLE : EXAMPLE;
  const issues = h("div", { id: "yaml-issues", role: "status", "aria-live": "polite" });
  const preview = h("div", { id: "yaml-graph" });
  const download = h("button", { type: "button", onclick: save }, "Download as file");
  const deploy = h("button",
    { type: "button", id: "yaml-deploy", class: "primary", disabled: true, onclick: saveAndDeploy }, "Save and deploy");
  const saveStatus = h("div", { id: "yaml-save-status", role: "alert" });
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/workflows" }, "Workflows"),
      " / new from YAML"),
    h("h1", {}, editing ? `Edit ${editing} as YAML` : "New workflow from YAML"),
    h("p", { class: "muted" }, "Checked as you type, with the same rules as files in dags/. Put the file in the ",
      "dags/ folder: the scheduler loads it within seconds. Or save and deploy it here as an API workflow: each ",
      "save is a new version."),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("label", { for: "yaml-source" }, "Workflow YAML"), editor, issues,
        h("div", { class: "actions" }, deploy, download), saveStatus),
      h("section", { class: "card" }, h("h2", {}, "Graph preview"), preview)));
  let timer = null;
  let sequence = 0;
  editor.addEventListener("input", () => {
    deploy.disabled = true;
    clearTimeout(timer);
    timer = setTimeout(validate, 400);
  });
  validate();
  return () => clearTimeout(timer);

  async function validate() {
    const mine = ++sequence;
    try {
      const answer = await post("/workflows/validate", { format: "yaml", source: editor.value });
      if (mine !== sequence) return;
      deploy.disabled = !answer.valid;
      replace(issues, answer.valid
        ? h("p", { class: "notice" }, `Valid: workflow ${answer.workflow_id} with ${answer.tasks.length} tasks.`)
        : h("ul", { class: "issues" }, answer.issues.map((issue) => h("li", {},
          issue.line ? h("button", { type: "button", class: "link-button", onclick: () => jump(issue.line) },
            `line ${issue.line}`) : null,
          issue.line ? ": " : "", issue.path ? h("code", {}, issue.path) : null, issue.path ? " " : "", issue.message))));
      if (answer.valid) replace(preview, graphFigure(answer.tasks.map((t) => ({ id: t.id, needs: t.needs }))));
    } catch (error) {
      if (mine === sequence) replace(issues, h("p", { class: "form-error" }, error.message));
    }
  }

  async function saveAndDeploy() {
    deploy.disabled = true;
    replace(saveStatus);
    try {
      const saved = await post("/workflows/yaml", { source: editor.value });
      app.navigate(`#/workflows/${seg(saved.id)}`);
    } catch (error) {
      replace(saveStatus, h("p", { class: "form-error" }, error.message),
        error.issues.length > 1 ? h("ul", { class: "issues" }, error.issues.map((issue) => h("li", {}, issue))) : null);
      deploy.disabled = false;
    }
  }

  function jump(line) {
    const lines = editor.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  }

  function save() {
    const id = editor.value.match(/^id:\s*["']?([\w.-]+)/m)?.[1] ?? "workflow";
    const link = h("a", {
      href: URL.createObjectURL(new Blob([editor.value], { type: "text/yaml" })), download: `${id}.yaml`,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}

/** The source of the workflow's current version when it was saved as YAML, else null. */
async function currentYAML(id) {
  const versions = await get(`/workflows/${seg(id)}/versions`);
  const current = versions.find((version) => version.is_current);
  if (!current || current.source_format !== "yaml") return null;
  const version = await get(`/workflows/${seg(id)}/versions/${current.version}`);
  return version.source ?? null;
}

// A workflow as YAML, validated as you type (debounced calls to POST /workflows/validate), with a graph preview.
import { post } from "../api.js";
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

export function render(main) {
  const editor = codeEditor({ id: "yaml-source", rows: 22, "aria-describedby": "yaml-issues" });
  editor.value = EXAMPLE;
  const issues = h("div", { id: "yaml-issues", role: "status", "aria-live": "polite" });
  const preview = h("div", { id: "yaml-graph" });
  const download = h("button", { type: "button", onclick: save }, "Download as file");
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/workflows" }, "Workflows"),
      " / new from YAML"),
    h("h1", {}, "New workflow from YAML"),
    h("p", { class: "muted" }, "Checked as you type, with the same rules as files in dags/. Put the file in the ",
      "dags/ folder: the scheduler loads it within seconds."),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("label", { for: "yaml-source" }, "Workflow YAML"), editor, issues,
        h("div", { class: "actions" }, download)),
      h("section", { class: "card" }, h("h2", {}, "Graph preview"), preview)));
  let timer = null;
  let sequence = 0;
  editor.addEventListener("input", () => {
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

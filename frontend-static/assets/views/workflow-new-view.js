// "New workflow": name, description, schedule, active → the workflow's page, where tasks are added.
import { post, seg } from "../api.js";
import { h, replace } from "../dom.js";
import { parseIssues, showIssues } from "./field-issues.js";
import { workflowFields } from "./workflow-form.js";

export function render(main, _params, app) {
  const fields = workflowFields(null, { nameEditable: true });
  const general = h("div", { class: "form-error", role: "alert", id: "new-workflow-error" });
  const form = h("form", { class: "card narrow", id: "new-workflow-form", onsubmit: submit },
    fields.element, general,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "create-workflow" }, "Create workflow"),
      h("a", { class: "button", href: "#/workflows" }, "Cancel")));
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/workflows" }, "Workflows"), " / new"),
    h("h1", {}, "New workflow"),
    h("p", { class: "muted" }, "Create the workflow, then add its tasks, deploy it and trigger it."),
    form);
  fields.focus();

  async function submit(event) {
    event.preventDefault();
    fields.clearIssues();
    general.replaceChildren();
    const values = fields.values();
    try {
      const workflow = await post("/workflows/", values);
      app.navigate(`#/workflows/${seg(workflow.id)}`);
    } catch (error) {
      showIssues(parseIssues(error), (path) => fields.slots(path) ??
        (/name|id/.test(error.message) && !path ? fields.slots("name") : null), general);
    }
  }
}

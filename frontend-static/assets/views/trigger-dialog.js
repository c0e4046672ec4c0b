// "Trigger" with an optional conf JSON: a modal dialog; on success it opens the new run.
import { post, seg } from "../api.js";
import { h } from "../dom.js";

/** Opens the dialog for `workflowID`; `app.navigate`s to the run it creates. */
export function openTriggerDialog(workflowID, app) {
  const conf = h("textarea", { id: "trigger-conf", rows: 5, spellcheck: "false", placeholder: '{"key": "value"}' });
  const problem = h("p", { class: "form-error", role: "alert" });
  const dialog = h("dialog", { class: "card", "aria-labelledby": "trigger-title" },
    h("form", { method: "dialog", onsubmit: submit },
      h("h2", { id: "trigger-title" }, `Trigger ${workflowID}`),
      h("label", { for: "trigger-conf" }, "Run configuration (JSON object, optional)"), conf,
      problem,
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "trigger-confirm" }, "Trigger run"),
        h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"))));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  async function submit(event) {
    event.preventDefault();
    let body;
    const text = conf.value.trim();
    if (text) {
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
        body = { conf: parsed };
      } catch (error) {
        problem.textContent = `The configuration must be a JSON object like {"key": "value"} (${error.message}).`;
        return;
      }
    }
    try {
      const job = await post(`/jobs/trigger/${seg(workflowID)}`, body);
      dialog.close();
      app.navigate(`#/jobs/${job.id}`);
    } catch (error) {
      problem.textContent = error.message;
    }
  }
}

// "Trigger" with an optional logical date and conf JSON: a modal dialog that checks both before sending
// (POST /workflows/{id}/runs); on success it opens the new run.
import { post, seg } from "../api.js";
import { h } from "../dom.js";

/** The ISO 8601 UTC form (seconds, `Z`) of a datetime-local value read in the browser's timezone, or null. */
export function localToUTC(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The conf text as an object, or an Error saying what is wrong; empty text is no conf. */
export function parseConf(text) {
  if (!text.trim()) return null;
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return new Error('the configuration must be a JSON object like {"key": "value"}');
    }
    return parsed;
  } catch (error) {
    return new Error(`the configuration is not valid JSON: ${error.message}`);
  }
}

/** Opens the dialog for `workflowID`; `app.navigate`s to the run it creates. */
export function openTriggerDialog(workflowID, app) {
  const date = h("input", { type: "datetime-local", id: "trigger-date", step: 1,
    "aria-describedby": "trigger-date-hint" });
  const dateHint = h("p", { class: "muted small", id: "trigger-date-hint" },
    "Empty: now. A date sets the run's logical date (the data interval it processes), e.g. to re-run a past day.");
  const conf = h("textarea", { id: "trigger-conf", rows: 5, spellcheck: "false", placeholder: '{"key": "value"}',
    "aria-describedby": "trigger-conf-issue" });
  const confIssue = h("p", { class: "form-error small", id: "trigger-conf-issue", role: "alert" });
  const problem = h("div", { class: "form-error", role: "alert", id: "trigger-problem" });
  const submitButton = h("button", { type: "submit", class: "primary", id: "trigger-confirm" }, "Trigger run");
  const dialog = h("dialog", { class: "card", "aria-labelledby": "trigger-title" },
    h("form", { method: "dialog", onsubmit: submit },
      h("h2", { id: "trigger-title" }, `Trigger ${workflowID}`),
      h("div", { class: "field" }, h("label", { for: "trigger-date" }, "Logical date (optional, your local time)"),
        date, dateHint),
      h("div", { class: "field" }, h("label", { for: "trigger-conf" }, "Run configuration (JSON object, optional)"),
        conf, confIssue),
      problem,
      h("div", { class: "actions" }, submitButton,
        h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"))));
  date.addEventListener("input", () => {
    const utc = localToUTC(date.value);
    dateHint.textContent = utc ? `Logical date ${utc.replace("T", " ").replace("Z", " UTC")}.`
      : "Empty: now. A date sets the run's logical date (the data interval it processes), e.g. to re-run a past day.";
  });
  conf.addEventListener("input", () => {
    const parsed = parseConf(conf.value);
    confIssue.textContent = parsed instanceof Error ? `${parsed.message}.` : "";
    conf.setAttribute("aria-invalid", String(parsed instanceof Error));
    submitButton.disabled = parsed instanceof Error;
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  async function submit(event) {
    event.preventDefault();
    problem.textContent = "";
    const parsed = parseConf(conf.value);
    if (parsed instanceof Error) {
      confIssue.textContent = `${parsed.message}.`;
      conf.focus();
      return;
    }
    const body = {};
    if (parsed) body.conf = parsed;
    if (date.value) {
      const utc = localToUTC(date.value);
      if (!utc) {
        problem.textContent = "The logical date is not a valid date and time.";
        return;
      }
      body.logical_date = utc;
    }
    submitButton.disabled = true;
    try {
      const run = await post(`/workflows/${seg(workflowID)}/runs`, body);
      dialog.close();
      app.navigate(`#/jobs/${run.run_id ?? run.id}`);
    } catch (error) {
      problem.textContent = error.status === 409
        ? `${error.message} Pick another logical date, or clear that run's tasks to run it again.` : error.message;
      submitButton.disabled = false;
    }
  }
}

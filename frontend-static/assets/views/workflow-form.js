// The fields of a workflow (name, description, schedule, active), for "New workflow" and the workflow page.
import { h } from "../dom.js";
import { issueSlot } from "./field-issues.js";

/** Builds the fields; `values()` reads them as the API's JSON, `slots(path)` finds a field's message slot. */
export function workflowFields(workflow, { nameEditable }) {
  const name = h("input", {
    id: "wf-name", name: "name", required: true, value: workflow?.name ?? "", disabled: !nameEditable,
    pattern: "[A-Za-z0-9_.\\-]+", autocomplete: "off", "aria-describedby": "wf-name-help wf-name-issues",
  });
  const description = h("input", { id: "wf-description", name: "description", value: workflow?.description ?? "" });
  const schedule = h("input", {
    id: "wf-schedule", name: "schedule", value: workflow?.schedule ?? "", list: "schedule-presets",
    autocomplete: "off", "aria-describedby": "wf-schedule-help wf-schedule-issues",
  });
  const active = h("input", { id: "wf-active", name: "is_active", type: "checkbox", checked: workflow?.is_active ?? true });
  const slots = {
    name: issueSlot("wf-name-issues"), description: issueSlot("wf-description-issues"),
    schedule: issueSlot("wf-schedule-issues"),
  };
  const element = h("div", { class: "fields" },
    h("div", { class: "field" },
      h("label", { for: "wf-name" }, "Name"), name,
      h("small", { id: "wf-name-help", class: "muted" }, "Letters, digits, _ . and -; it is the workflow's id."),
      slots.name),
    h("div", { class: "field" }, h("label", { for: "wf-description" }, "Description"), description, slots.description),
    h("div", { class: "field" },
      h("label", { for: "wf-schedule" }, "Schedule"), schedule,
      h("small", { id: "wf-schedule-help", class: "muted" },
        "@daily, @hourly, a cron expression like 0 6 * * 1-5, or empty to run only when triggered."),
      h("datalist", { id: "schedule-presets" },
        ["@hourly", "@daily", "@weekly", "@monthly", "0 6 * * 1-5"].map((v) => h("option", { value: v }))),
      slots.schedule),
    h("div", { class: "field inline" },
      active, h("label", { for: "wf-active" }, "Active (runs on its schedule)")));
  return {
    element,
    focus: () => (nameEditable ? name : description).focus(),
    values() {
      return {
        name: name.value.trim(),
        description: description.value.trim() || null,
        schedule: schedule.value.trim() || null,
        is_active: active.checked,
      };
    },
    slots(path) {
      if (path === "id" || path === "name") return slots.name;
      if (path.startsWith("schedule") || path === "timezone") return slots.schedule;
      if (path === "description") return slots.description;
      return null;
    },
    clearIssues() {
      for (const slot of Object.values(slots)) slot.replaceChildren();
    },
  };
}

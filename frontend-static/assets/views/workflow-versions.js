// A workflow's deployed versions: the list, the source of one, the diff of two (unified, coloured), and rollback
// for workflows authored through the API (a file workflow's file is its source of truth).
import { get, post, seg } from "../api.js";
import { confirmDialog, emptyState, errorBox, formatTime, h, replace } from "../dom.js";
import { canonicalJSON, unifiedDiff } from "../line-diff.js";

/** The versions card of `workflow`; `onRolledBack()` lets the page reload what depends on the current version. */
export function versionsCard(workflow, onRolledBack) {
  const id = workflow.id ?? workflow.name;
  const listBox = h("div", { id: "version-list" });
  const detailBox = h("div", { id: "version-detail" });
  const status = h("div", { role: "status", "aria-live": "polite" });
  const card = h("section", { class: "card", id: "versions" }, h("h2", {}, "Versions"), status, listBox, detailBox);

  async function load() {
    const versions = await get(`/workflows/${seg(id)}/versions?limit=100`);
    if (!versions.length) {
      replace(listBox, emptyState(workflow.source_kind === "file"
        ? "The file has not been loaded yet." : "No version yet: Deploy stores the draft as version 1."));
      replace(detailBox);
      return;
    }
    replace(listBox, versionTable(versions), diffPicker(versions),
      workflow.source_kind === "file" ? h("p", { class: "muted small" },
        "This workflow comes from a file: a new version appears whenever the file changes. To go back, restore the " +
        "file (for example from your version control); rollback here is for workflows authored in the browser.")
        : null);
  }

  function versionTable(versions) {
    return h("div", { class: "table-wrap" }, h("table", { class: "list compact", id: "version-table" },
      h("thead", {}, h("tr", {}, ["Version", "Created", "Source", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, versions.map((v) => h("tr", { "data-version": v.version },
        h("td", {}, h("strong", {}, `v${v.version}`), " ", v.is_current ? h("span", { class: "tag current" }, "current")
          : null),
        h("td", {}, formatTime(v.created_at)),
        h("td", { class: "small" }, v.source_kind === "file" ? h("code", {}, v.file_path ?? "file")
          : `${v.source_format ?? "json"} from the API`),
        h("td", { class: "right actions-cell" },
          h("button", { type: "button", class: "small", "data-source": v.version,
            onclick: () => showSource(v.version) }, "Source"),
          workflow.source_kind !== "file" && !v.is_current
            ? h("button", { type: "button", class: "small", "data-rollback": v.version, onclick: () => rollback(v) },
              "Roll back to this")
            : null))))));
  }

  function diffPicker(versions) {
    if (versions.length < 2) {
      return h("p", { class: "muted small" }, workflow.source_kind === "file"
        ? "A diff needs two versions: each change of the file makes one."
        : "A diff needs two versions: deploy a change.");
    }
    const option = (v, selected) => h("option", { value: v.version, selected }, `v${v.version}`);
    const from = h("select", { id: "diff-from", "aria-label": "Diff from version" },
      versions.map((v, index) => option(v, index === 1)));
    const to = h("select", { id: "diff-to", "aria-label": "Diff to version" },
      versions.map((v, index) => option(v, index === 0)));
    return h("form", { class: "diff-picker", onsubmit: (event) => {
      event.preventDefault();
      showDiff(from.value, to.value);
    } }, h("span", {}, "Compare"), from, h("span", {}, "with"), to,
    h("button", { type: "submit", id: "show-diff" }, "Show diff"));
  }

  async function showSource(number) {
    try {
      const version = await get(`/workflows/${seg(id)}/versions/${number}`);
      replace(detailBox, h("h3", {}, `Source of v${number}`, h("span", { class: "muted small" },
        ` (${version.source_format ?? "json"})`)),
      h("pre", { class: "source", id: "version-source", tabindex: 0 }, readable(version)));
    } catch (error) {
      replace(detailBox, errorBox(error));
    }
  }

  async function showDiff(from, to) {
    try {
      replace(detailBox, h("h3", {}, `Changes from v${from} to v${to}`), diffView(await diffText(from, to)));
    } catch (error) {
      replace(detailBox, errorBox(error));
    }
  }

  /** The API's diff of the sources; for JSON sources (one line each) a diff of their indented forms instead. */
  async function diffText(from, to) {
    const [a, b] = await Promise.all([from, to].map((n) => get(`/workflows/${seg(id)}/versions/${n}`)));
    if (a.source_format === "json" && b.source_format === "json") {
      try {
        const text = unifiedDiff(canonicalJSON(JSON.parse(a.source)), canonicalJSON(JSON.parse(b.source)),
          { from: `v${from}`, to: `v${to}` });
        if (text !== null) return text;
      } catch {
        // Not parseable after all: the API's diff below.
      }
    }
    return (await get(`/workflows/${seg(id)}/versions/${from}/diff/${to}`)).diff;
  }

  async function rollback(version) {
    const yes = await confirmDialog(`Roll back ${id} to v${version.version}?`,
      `v${version.version} becomes the version new runs use. Runs already started keep their version; the draft ` +
      "is not changed.", { confirmLabel: "Roll back" });
    if (!yes) return;
    try {
      const answer = await post(`/workflows/${seg(id)}/rollback`, { version: version.version });
      replace(status, h("p", { class: "notice", id: "rollback-result" },
        `Rolled back: v${answer.version} is current${answer.previous_version ? ` (was v${answer.previous_version})`
          : ""}.`));
      await load();
      await onRolledBack?.();
    } catch (error) {
      replace(status, errorBox(error));
    }
  }

  return { element: card, load };
}

/** A version's source as a person reads it: JSON (stored on one line) indented with sorted keys. */
function readable(version) {
  if (version.source_format !== "json" || !version.source) return version.source ?? "(no source stored)";
  try {
    return canonicalJSON(JSON.parse(version.source));
  } catch {
    return version.source;
  }
}

/** A unified diff as lines coloured by kind (added, removed, hunk header, file header). */
export function diffView(text) {
  if (!text || !text.trim()) return h("p", { class: "muted", id: "diff" }, "The two versions have the same source.");
  const kind = (line) => line.startsWith("+++") || line.startsWith("---") ? "diff-file"
    : line.startsWith("@@") ? "diff-hunk" : line.startsWith("+") ? "diff-add" : line.startsWith("-") ? "diff-del"
      : "diff-same";
  return h("pre", { class: "diff", id: "diff", tabindex: 0, "aria-label": "Unified diff" },
    text.replace(/\n$/, "").split("\n").map((line) => h("span", { class: kind(line) }, line || " ")));
}

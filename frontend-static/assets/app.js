// The shell: hash routes → views, the login gate, the session menu. Each view is `render(main, params, app)` and
// may return a function that stops whatever it started (polling, event streams) when the user leaves.
import { ApiError, get, post, session, setUnauthorizedHandler } from "./api.js";
import { errorBox, h, replace } from "./dom.js";
import * as login from "./views/login-view.js";
import * as workflows from "./views/workflows-view.js";
import * as workflowNew from "./views/workflow-new-view.js";
import * as workflow from "./views/workflow-view.js";
import * as jobs from "./views/jobs-view.js";
import * as run from "./views/run-view.js";
import * as taskLog from "./views/task-log-view.js";
import * as monitoring from "./views/monitoring-view.js";
import * as yamlEditor from "./views/yaml-view.js";

const routes = [
  [/^\/login$/, login, "login"],
  [/^\/workflows\/?$/, workflows, "workflows"],
  [/^\/workflows\/new$/, workflowNew, "workflows"],
  [/^\/workflows\/new-yaml$/, yamlEditor, "workflows"],
  [/^\/workflows\/([^/]+)$/, workflow, "workflows"],
  [/^\/jobs\/?$/, jobs, "jobs"],
  [/^\/jobs\/(\d+)$/, run, "jobs"],
  [/^\/jobs\/(\d+)\/tasks\/([^/]+)$/, taskLog, "jobs"],
  [/^\/monitoring$/, monitoring, "monitoring"],
];

const app = {
  /** "token" when the server asks for credentials, "none" when it serves the API without authentication. */
  authMode: "token",
  username: null,
  loginMessage: null,
  returnTo: null,
  navigate(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  },
  signedIn(username) {
    app.username = username;
    renderSession();
    app.navigate(app.returnTo && !app.returnTo.startsWith("#/login") ? app.returnTo : "#/workflows");
    app.returnTo = null;
  },
  async logout() {
    try {
      await post("/auth/logout", undefined, { quiet401: true });
    } catch {
      // The token may have expired already; the session ends either way.
    }
    session.clear();
    app.username = null;
    app.loginMessage = "You are signed out.";
    renderSession();
    app.navigate("#/login");
  },
};

let stopCurrent = null;

setUnauthorizedHandler(() => {
  if (app.authMode === "none") return;
  session.clear();
  app.username = null;
  renderSession();
  if (!location.hash.startsWith("#/login")) {
    app.returnTo = location.hash;
    app.loginMessage = "Your session has ended: sign in again.";
    location.hash = "#/login";
  }
});

function renderSession() {
  const box = document.getElementById("session");
  if (app.authMode === "none") {
    replace(box, h("span", { class: "muted", title: "the server runs without authentication" }, "no sign-in"));
  } else if (app.username) {
    replace(box, h("span", { class: "user" }, app.username),
      h("button", { type: "button", class: "link-button", id: "logout", onclick: () => app.logout() }, "Sign out"));
  } else {
    replace(box);
  }
}

async function route() {
  if (stopCurrent) {
    try { stopCurrent(); } catch { /* a view failing to stop must not block the next one */ }
    stopCurrent = null;
  }
  const path = (location.hash.replace(/^#/, "") || "/workflows").split("?")[0];
  const main = document.getElementById("main");
  const match = routes.map(([pattern, view, nav]) => [path.match(pattern), view, nav]).find(([m]) => m);
  if (app.authMode === "token" && !session.token && !path.startsWith("/login")) {
    app.returnTo = location.hash || "#/workflows";
    location.hash = "#/login";
    return;
  }
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.toggleAttribute("aria-current", match?.[2] === link.dataset.nav);
  }
  if (!match) {
    replace(main, h("h1", {}, "Page not found"),
      h("p", {}, `There is no page at ${path}. `, h("a", { href: "#/workflows" }, "Go to the workflows.")));
    return;
  }
  const [found, view] = match;
  const params = found.slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(location.hash.split("?")[1] ?? "");
  replace(main);
  try {
    stopCurrent = (await view.render(main, params, app, query)) ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replace(main, errorBox(error));
  }
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} · MLoop` : "MLoop";
}

async function start() {
  // Without a token there is nothing to ask: the login page finds out whether the server wants one.
  if (session.token) {
    try {
      const me = await get("/auth/me", { quiet401: true });
      app.username = me?.username ?? session.username;
    } catch (error) {
      // 404: this server has no authentication endpoints (an API served with --no-auth).
      if (error instanceof ApiError && error.status === 404) app.authMode = "none";
      else if (error instanceof ApiError && error.status === 401) session.clear();
    }
  }
  renderSession();
  window.addEventListener("hashchange", route);
  await route();
}

/** The login page learnt that this server does not authenticate: go on without signing in. */
app.noAuthentication = () => {
  app.authMode = "none";
  renderSession();
  app.navigate(app.returnTo && !app.returnTo.startsWith("#/login") ? app.returnTo : "#/workflows");
  app.returnTo = null;
};

start();

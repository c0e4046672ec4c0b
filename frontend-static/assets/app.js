// The shell: hash routes → views, the login gate, the session menu. Each view is `render(main, params, app)` and
// may return a function that stops whatever it started (polling, event streams) when the user leaves.
import { ApiError, get, post, session, setUnauthorizedHandler } from "./api.js";
import { errorBox, h, replace } from "./dom.js";

// Views load when first visited, so a page fetches only the modules it shows.
const routes = [
  [/^\/login$/, () => import("./views/login-view.js"), "login"],
  [/^\/workflows\/?$/, () => import("./views/workflows-view.js"), "workflows"],
  [/^\/workflows\/new$/, () => import("./views/workflow-new-view.js"), "workflows"],
  [/^\/workflows\/new-yaml$/, () => import("./views/yaml-view.js"), "workflows"],
  [/^\/workflows\/([^/]+)$/, () => import("./views/workflow-view.js"), "workflows"],
  [/^\/jobs\/?$/, () => import("./views/jobs-view.js"), "jobs"],
  [/^\/jobs\/(\d+)$/, () => import("./views/run-view.js"), "jobs"],
  [/^\/jobs\/(\d+)\/tasks\/([^/]+)$/, () => import("./views/task-log-view.js"), "jobs"],
  [/^\/monitoring$/, () => import("./views/monitoring-view.js"), "monitoring"],
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
let routing = 0;

setUnauthorizedHandler(endSession);

/** The token was refused: back to the login page, then to where the user was. */
function endSession() {
  if (app.authMode === "none") return;
  session.clear();
  app.username = null;
  renderSession();
  if (!location.hash.startsWith("#/login")) {
    app.returnTo = location.hash;
    app.loginMessage = "Your session has ended: sign in again.";
    location.hash = "#/login";
  }
}

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
  const [found, load] = match;
  const params = found.slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const token = ++routing;
  try {
    const view = await load();
    // The user may have moved on while the view's module loaded.
    if (token !== routing) return;
    replace(main);
    const stop = (await view.render(main, params, app, query)) ?? null;
    if (token === routing) stopCurrent = stop;
    else if (stop) stop(); // a later route has taken over while this view rendered
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replace(main, errorBox(error));
  }
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} · MLoop` : "MLoop";
}

async function start() {
  window.addEventListener("hashchange", route);
  // Without a token there is nothing to ask: the login page finds out whether the server wants one.
  if (!session.token) {
    renderSession();
    await route();
    return;
  }
  // The session check and the page load together (a stale token makes the page's own requests answer 401 too).
  app.username = session.username;
  renderSession();
  const check = get("/auth/me", { quiet401: true }).then((me) => {
    app.username = me?.username ?? session.username;
    renderSession();
  }, (error) => {
    // 404: this server has no authentication endpoints (an API served with --no-auth).
    if (error instanceof ApiError && error.status === 404) {
      app.authMode = "none";
      renderSession();
    } else if (error instanceof ApiError && error.status === 401) {
      endSession();
    }
  });
  await Promise.all([route(), check]);
}

/** The login page learnt that this server does not authenticate: go on without signing in. */
app.noAuthentication = () => {
  app.authMode = "none";
  renderSession();
  app.navigate(app.returnTo && !app.returnTo.startsWith("#/login") ? app.returnTo : "#/workflows");
  app.returnTo = null;
};

start();

// Sign in: POST /auth/token with a user name and password; the token lives in sessionStorage.
import { ApiError, post, session } from "../api.js";
import { h, replace } from "../dom.js";

export function render(main, _params, app) {
  if (app.authMode === "none") {
    replace(main, h("h1", {}, "No sign-in needed"),
      h("p", {}, "This server runs without authentication. ", h("a", { href: "#/workflows" }, "Go to the workflows.")));
    return;
  }
  const status = h("p", { class: "form-error", role: "alert", id: "login-error" });
  const username = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password", name: "password", type: "password", autocomplete: "current-password", required: true,
  });
  const submit = h("button", { type: "submit", class: "primary", id: "login-submit" }, "Sign in");
  const form = h("form", { class: "login card", onsubmit: signIn },
    h("h1", {}, "Sign in to MLoop"),
    app.loginMessage ? h("p", { class: "notice" }, app.loginMessage) : null,
    h("label", { for: "username" }, "User name"), username,
    h("label", { for: "password" }, "Password"), password,
    status, submit,
    h("p", { class: "muted small" },
      "The first user is admin; its password is MLOOP_ADMIN_PASSWORD or the one mloop standalone printed."));
  app.loginMessage = null;
  replace(main, form);
  username.focus();

  async function signIn(event) {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = "";
    try {
      const answer = await post("/auth/token",
        { username: username.value.trim(), password: password.value, name: "web UI" }, { quiet401: true });
      session.save(answer.token, answer.username);
      app.signedIn(answer.username);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        app.noAuthentication();
        return;
      }
      status.textContent = error instanceof ApiError && error.status === 401
        ? "Wrong user name or password." : error.message;
      password.select();
    } finally {
      submit.disabled = false;
    }
  }
}

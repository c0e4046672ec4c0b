// The one place the UI talks to the API: the bearer token, JSON in and out, errors as ApiError, 401 → login.

const TOKEN_KEY = "mloop.token";
const USER_KEY = "mloop.user";

/** A failed request: `status`, a one-line `message` from the API's `detail`, and validation `issues`. */
export class ApiError extends Error {
  constructor(status, code, message, issues) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues ?? [];
    this.title = status === 422 ? "The workflow is not valid" : `Request failed (${status || "network"})`;
  }
}

let onUnauthorized = () => {};

/** What to do when the API answers 401 (the app shows the login page). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get username() { return sessionStorage.getItem(USER_KEY); },
  save(token, username) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, username);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** Sends a request to `/api/v1` + `path`; resolves to the parsed JSON (null for 204). */
export async function request(method, path, body, options) {
  return (await send(method, path, body, options)).data;
}

/** A GET of one page of a list (the API's `?cursor=` convention): `{ data, next }`, where `next` is the
 * `X-Next-Cursor` to ask for the page after it, null on the last page. */
export async function getPage(path, options) {
  const { data, headers } = await send("GET", path, undefined, options);
  return { data, next: headers.get("X-Next-Cursor") };
}

async function send(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: "application/json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, "network", `The MLoop server cannot be reached (${error.message}). Is it running?`);
  }
  if (response.status === 204) return { data: null, headers: response.headers };
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !quiet401) onUnauthorized();
    throw new ApiError(response.status, data?.error ?? "error",
      data?.detail ?? `The server answered ${response.status} ${response.statusText}`, data?.issues);
  }
  return { data, headers: response.headers };
}

export const get = (path, options) => request("GET", path, undefined, options);
export const post = (path, body, options) => request("POST", path, body, options);
export const put = (path, body) => request("PUT", path, body);
export const del = (path) => request("DELETE", path);

/** The URL of an endpoint with the token as `access_token`, for what cannot send headers: an EventSource, or a plain
 * link (the API accepts it only on its streams and on log downloads). */
export function tokenURL(path) {
  const url = new URL(`/api/v1${path}`, location.origin);
  if (session.token) url.searchParams.set("access_token", session.token);
  return url.toString();
}

/** The URL of a server-sent events endpoint (EventSource sends no headers). */
export const eventSourceURL = tokenURL;

/** Path segment escaping for ids. */
export const seg = (value) => encodeURIComponent(value);

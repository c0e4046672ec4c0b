#!/usr/bin/python3
"""Browser tests of MLoop's web UI: a real `mloop standalone` on a scratch home and DAGs folder, driven through
Debian's headless chromium with selenium. Seed 002's UI walkthrough end to end: sign in, create the workflow, add
its two tasks, deploy, trigger, watch the run succeed without reloading, read a task's log and XCom, see the import
error of a broken file; a Bash task added through the form (authoring_checks); plus path traversal over raw HTTP, phone width, and no console errors.

Usage: python3 Tests/UI/run_browser_tests.py [--keep] (run from the checkout, after `swift build`).
Screenshots go to .build/ui-screenshots (printed at the end). Exit status 0 when everything passed.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import authoring_checks  # noqa: E402
import view_checks  # noqa: E402

CHECKOUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHOTS = os.path.join(CHECKOUT, ".build", "ui-screenshots")
PASSWORD = "ui-test-password-1"

GOOD_YAML = """id: hello_files
description: A workflow from the dags folder
tasks:
  - id: hello
    bash: echo hello
"""
BROKEN_YAML = """id: broken_pipeline
tasks:
  - id: extract
    bash: echo extract
  - id: load
    needs: [extrakt]
    bash: echo load
"""

# Seed 002's two tasks with the same prints and XCom keys, without pandas and scikit-learn.
PREPROCESSING = """print("Data preprocessing started")
data = {"col1": [1, 2, 3], "col2": [4, 5, 6]}
shape = (len(data["col1"]), len(data))
print(f"Data shape: {shape}")
context["ti"].xcom_push(key="data_shape", value=str(shape))
print("Data preprocessing completed")
"""
TRAINING = """print("Model training started")
data_shape = context["ti"].xcom_pull(task_ids="data_preprocessing", key="data_shape")
print(f"Data shape from preprocessing: {data_shape}")
X = [1, 2, 3]
y = [2, 4, 6]
coef = sum(a * b for a, b in zip(X, y)) / sum(a * a for a in X)
print(f"Model trained. Coefficient: {coef}")
context["ti"].xcom_push(key="model_coef", value=float(coef))
print("Model training completed")
"""


def log(message):
    print(f"[ui-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mloop_binary():
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=CHECKOUT, check=True,
                              capture_output=True, text=True).stdout.strip()
    path = os.path.join(bin_path, "mloop")
    if not os.access(path, os.X_OK):
        sys.exit(f"ui-test: {path} is missing: run `swift build` first")
    return path


class Server:
    """`mloop standalone` on a scratch home and DAGs folder; always stopped by `stop()`."""

    def __init__(self, binary, scratch):
        self.binary = binary
        self.port = free_port()
        self.scratch = scratch
        dags = os.path.join(scratch, "dags")
        os.makedirs(dags)
        with open(os.path.join(dags, "hello_files.yaml"), "w") as f:
            f.write(GOOD_YAML)
        with open(os.path.join(dags, "broken.yaml"), "w") as f:
            f.write(BROKEN_YAML)
        for name, source in view_checks.TRAINER_FILES.items():
            os.makedirs(os.path.dirname(os.path.join(dags, name)), exist_ok=True)
            shutil.copyfile(source, os.path.join(dags, name))
        for name, text in [("slow_files.yaml", view_checks.SLOW_YAML), ("big_log.yaml", view_checks.BIG_LOG_YAML),
                           ("grid_pages.yaml", view_checks.GRID_YAML),
                           ("fast_chain.yaml", view_checks.FAST_CHAIN_YAML)]:
            with open(os.path.join(dags, name), "w") as f:
                f.write(text)
        arguments = [binary, "standalone", "--home", os.path.join(scratch, "home"), "--dags", dags,
                     "--api-port", str(self.port)]
        environment = dict(os.environ, MLOOP_ADMIN_PASSWORD=PASSWORD, MLOOP_LOG_LEVEL="info")
        self.output = open(os.path.join(scratch, "mloop.log"), "w")
        log(f"starting {' '.join(arguments)}")
        self.process = subprocess.Popen(arguments, cwd=scratch, env=environment, stdout=self.output,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_until_healthy(self, limit=180):
        deadline = time.time() + limit
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"mloop exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/api/v1/monitoring/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"mloop did not become healthy within {limit} s:\n{self.tail()}")

    def tail(self):
        self.output.flush()
        with open(os.path.join(self.scratch, "mloop.log")) as f:
            return "".join(f.readlines()[-40:])

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.output.close()

    def destroy_database(self):
        """Removes the embedded cluster wherever it lives (it may have moved out of a private home)."""
        home = os.path.join(self.scratch, "home")
        result = subprocess.run([self.binary, "db", "destroy", "--yes", "--home", home], capture_output=True,
                                text=True, timeout=60)
        if result.returncode != 0:
            log(f"db destroy failed: {result.stderr.strip()}")


def check_no_traversal(server):
    """Raw HTTP (no client-side normalisation): no path escapes frontend-static."""
    secrets = ["root:x:0:0", "swift-tools-version", "import PackageDescription"]
    for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fPackage.swift",
                 "/assets/../../Package.swift", "/..%2f..%2f..%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/Package.swift"]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        leaked = [secret for secret in secrets if secret in body]
        assert not leaked, f"GET {path} leaked a file outside frontend-static ({response.status}): {body[:200]}"
        log(f"traversal {path} → {response.status}, nothing leaked")
    with urllib.request.urlopen(server.base + "/assets/app.js") as response:
        assert "javascript" in response.headers["Content-Type"], response.headers["Content-Type"]


class Browser:
    def __init__(self):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,800", "--lang=en-US"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        os.environ.setdefault("SE_AVOID_STATS", "true")
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.console = []

    def wait(self, condition, limit=20, message=""):
        # Live views re-render: an element found a moment ago may be replaced before it is read.
        return WebDriverWait(self.driver, limit, poll_frequency=0.1,
                             ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                             ).until(condition, message)

    def find(self, css, limit=20):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), limit, f"no visible {css}")

    def click(self, css, limit=20):
        element = self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)), limit, f"{css} not clickable")
        element.click()
        return element

    def type(self, css, text, clear=True):
        element = self.find(css)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def text_in(self, css, text, limit=20):
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), limit,
                  f"'{text}' never appeared in {css}")

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, f"{name}.png")
        # Whole page height, so nothing below the fold is missed when looking at it.
        width = self.driver.get_window_size()["width"]
        height = self.driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
        self.driver.set_window_size(width, min(max(height + 140, 800), 4000))
        time.sleep(0.2)
        self.driver.save_screenshot(path)
        log(f"screenshot {path}")

    def collect_console(self):
        self.console.extend(self.driver.get_log("browser"))

    def quit(self):
        self.driver.quit()


def walkthrough(server, browser):
    d = browser.driver
    d.get(server.base + "/")
    # Without a token the UI starts at the login page (a server without authentication answers 404 to it).
    browser.find("#username")
    browser.shot("01-login")
    browser.type("#username", "admin")
    browser.type("#password", PASSWORD)
    browser.click("#login-submit")
    # Workflows: the file workflow and the broken file's import error.
    browser.find("#workflow-table")
    browser.text_in("#workflow-table", "hello_files")
    browser.text_in("#import-errors", "broken.yaml", limit=30)
    browser.text_in("#import-errors", "extrakt")
    browser.shot("02-workflows")
    background = view_checks.start_background_runs(server, PASSWORD)

    # Steps 2-3: New workflow.
    browser.click("#new-workflow")
    browser.type("#wf-name", "ml_pipeline_example")
    browser.type("#wf-description", "Example ML Pipeline")
    browser.type("#wf-schedule", "@daily")
    assert browser.find("#wf-active").is_selected(), "Active must default to on"
    browser.shot("03-new-workflow")
    browser.click("#create-workflow")
    # Step 4: the workflow's page.
    browser.wait(lambda drv: drv.current_url.endswith("#/workflows/ml_pipeline_example"), message="no workflow page")
    browser.find("#add-task")

    # Step 5: Add Task, twice.
    add_task(browser, "data_preprocessing", PREPROCESSING, [], 2, 300)
    add_task(browser, "model_training", TRAINING, ["data_preprocessing"], 1, 300)
    # A validation message appears next to the field it concerns (a duplicate name).
    browser.click("#add-task")
    browser.type("#task-name", "model_training")
    browser.type("#task-code", 'print("again")')
    browser.click("#task-save")
    browser.text_in("#task-name-issues", "already has a task named 'model_training'")
    browser.shot("04-task-validation")
    browser.click("#task-form button[type=button]:last-child")
    graph_nodes = d.find_elements(By.CSS_SELECTOR, "#graph svg .node")
    assert len(graph_nodes) == 2, f"the graph shows {len(graph_nodes)} nodes"
    assert len(d.find_elements(By.CSS_SELECTOR, "#graph svg .edge")) == 1, "the graph misses the dependency"
    browser.shot("05-workflow-detail")

    # Step 6: Deploy. Step 8: Trigger.
    browser.click("#deploy")
    browser.text_in("#deploy-result", "Deployed version 1")
    browser.click("#trigger")
    browser.find("#trigger-conf")
    browser.type("#trigger-conf", '{"source": "ui-test"}')
    browser.click("#trigger-confirm")
    # Step 9: watch the run succeed, without reloading.
    browser.wait(lambda drv: "#/jobs/" in drv.current_url, message="trigger did not open the run")
    run_url = d.current_url
    browser.find("#run-state")
    started = time.time()
    browser.wait(lambda drv: drv.find_element(By.CSS_SELECTOR, "#run-state").get_attribute("data-state")
                 in ("success", "failed"), limit=120, message="the run never finished in the page")
    state = d.find_element(By.CSS_SELECTOR, "#run-state").get_attribute("data-state")
    assert state == "success", f"the run ended {state}:\n{server.tail()}"
    assert d.current_url == run_url
    log(f"run succeeded, seen live in {time.time() - started:.1f} s")
    browser.text_in("#run-tasks", "model_training")
    browser.shot("06-run")

    # The task's log and XCom.
    d.find_element(By.CSS_SELECTOR, "#run-tasks a[href$='/tasks/model_training']").click()
    browser.text_in("#log", "Data shape from preprocessing: (3, 2)")
    browser.text_in("#log", "Model training completed")
    browser.text_in("#xcoms", "model_coef")
    browser.text_in("#xcoms", "2")
    # What its xcom_pull read, as recorded for this try: the upstream task's push.
    browser.text_in("#xcom-pulled-card h2", "XCom pulled")
    browser.text_in("#xcom-pull-table", "data_preprocessing")
    browser.text_in("#xcom-pull-table", "data_shape")
    browser.text_in("#xcom-pull-table", "(3, 2)")
    # What the upstream tasks offer.
    browser.text_in("#upstream-xcoms", "data_preprocessing")
    browser.text_in("#upstream-xcoms", "data_shape")
    browser.text_in("#upstream-xcoms", "(3, 2)")
    browser.shot("07-task-log")

    # Jobs, monitoring, YAML editor.
    browser.click("a[data-nav=jobs]")
    browser.text_in("#jobs-table", "ml_pipeline_example")
    browser.shot("08-jobs")
    browser.click("a[data-nav=monitoring]")
    browser.find("#counts dd[data-count=success]")
    browser.text_in("#health", "Database ok")
    # Loaded afresh, so only the monitoring view can have set the page's live mode.
    d.get("about:blank")
    d.get(server.base + "/#/monitoring")
    browser.text_in("#health", "Database ok")
    browser.wait(lambda driver: driver.execute_script("return document.body.dataset.live") == "stream",
                 message="the monitoring page does not follow the event stream")
    browser.shot("09-monitoring")
    d.get(server.base + "/#/workflows/new-yaml")
    editor = browser.find("#yaml-source")
    browser.text_in("#yaml-issues", "Valid: workflow my_workflow")
    # Typed key by key; flow style, since the editor keeps each new line's indentation.
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("id: typed\ntasks: [{id: a, bash: echo a}, {id: b, needs: [nowhere], bash: echo b}]")
    browser.text_in("#yaml-issues", "nowhere", limit=10)
    browser.shot("10-yaml-editor")
    assert not browser.find("#yaml-deploy").is_enabled(), "Save and deploy is enabled for invalid YAML"
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("id: saved_yaml\ntasks: [{id: a, python: print(1), retries: 2}, {id: b, needs: [a], python: print(2)}]")
    browser.text_in("#yaml-issues", "Valid: workflow saved_yaml", limit=10)
    browser.click("#yaml-deploy")
    browser.wait(lambda driver: driver.current_url.endswith("#/workflows/saved_yaml"), message="no workflow page")
    browser.text_in("main", "saved_yaml")
    browser.text_in("main", "deployed v1")
    browser.find("#graph svg .node[data-task=b]")
    # The save wrote the form's draft too: the form lists the tasks, and nothing is beyond it.
    browser.text_in("#tasks li[data-task=a]", "2 retries")
    browser.text_in("#tasks li[data-task=b]", "after a")
    assert not d.find_elements(By.CSS_SELECTOR, "#form-unsupported"), "a banner for a workflow the form can hold"
    browser.shot("10b-yaml-saved")
    # Edited again as YAML: the editor opens with the saved source.
    browser.click("#edit-as-yaml")
    browser.text_in("h1", "Edit saved_yaml as YAML")
    browser.wait(lambda driver: "id: saved_yaml" in browser.find("#yaml-source").get_attribute("value"),
                 message="the editor does not hold the saved YAML")
    browser.text_in("#yaml-issues", "Valid: workflow saved_yaml", limit=10)
    # A command task is beyond the form: the workflow page says so and does not offer a deploy that would drop it.
    editor = browser.find("#yaml-source")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("id: saved_yaml\ntasks: [{id: a, python: print(1)}, {id: b, needs: [a], command: [echo, b]}]")
    browser.text_in("#yaml-issues", "Valid: workflow saved_yaml", limit=10)
    browser.click("#yaml-deploy")
    browser.wait(lambda driver: driver.current_url.endswith("#/workflows/saved_yaml"), message="no workflow page")
    browser.text_in("#form-unsupported", "tasks.b (a command task)")
    browser.find("#tasks li[data-task=a]")
    assert not browser.find("#deploy").is_enabled(), "Deploy is offered although it would drop the command task"
    browser.shot("10c-yaml-beyond-form")
    d.get(server.base + "/#/workflows/hello_files")
    browser.text_in("main", "hello_files.yaml")
    browser.find("#graph svg .node[data-task=hello]")
    browser.shot("11-file-workflow")

    check_graph_layout(browser)

    # The views beyond the walkthrough.
    base = server.base
    view_checks.check_grid(browser, base, run_url)
    view_checks.check_fast_timeline(browser, server, PASSWORD)
    view_checks.check_graph_fits(browser, base)
    view_checks.check_trainer_progress(browser, server, PASSWORD)
    view_checks.check_grid_paging(browser, server, PASSWORD)
    view_checks.check_task_actions(browser, run_url)
    view_checks.check_log_download(browser, run_url)
    view_checks.check_waiting_reason(browser, server, PASSWORD)
    view_checks.check_versions(browser, server, PASSWORD)
    view_checks.check_trigger_with_date(browser, server, PASSWORD)
    view_checks.check_file_workflow(browser, base)
    view_checks.check_big_log(browser, server, PASSWORD, background["big_log"])
    authoring_checks.check_bash_task(browser, base)

    # Phone width.
    d.set_window_size(390, 844)
    d.get(run_url)
    browser.find("#run-state")
    browser.shot("12-phone-run")
    d.get(server.base + "/#/workflows")
    browser.find("#workflow-table")
    browser.shot("13-phone-workflows")
    d.get(server.base + "/#/workflows/ml_pipeline_example")
    browser.find("#grid-table")
    browser.shot("24-phone-workflow")
    d.get(run_url + "/tasks/model_training")
    browser.find("#task-actions")
    browser.shot("25-phone-task")
    d.set_window_size(1280, 800)
    browser.first_paint = view_checks.check_first_paint(browser, server, PASSWORD)

    # Sign out.
    browser.click("#logout")
    browser.find("#username")
    assert d.execute_script("return sessionStorage.getItem('mloop.token')") is None
    d.get(server.base + "/#/jobs")
    browser.find("#username")
    browser.collect_console()


LAYOUT_CHECK = """
const done = arguments[arguments.length - 1];
import("/assets/graph-layout.js").then(({ layoutGraph }) => {
  // 60 tasks: a ternary tree plus a long edge and a diamond; every edge must point to a deeper layer, layers must
  // be longest paths, and no two nodes may overlap.
  const nodes = [], edges = [];
  for (let i = 0; i < 60; i++) { nodes.push(`t${i}`); if (i > 0) edges.push([`t${Math.floor((i - 1) / 3)}`, `t${i}`]); }
  edges.push(["t0", "t59"], ["t1", "t5"]);
  const layout = layoutGraph(nodes, edges);
  const byID = new Map(layout.nodes.map((n) => [n.id, n]));
  const problems = [];
  for (const [from, to] of edges) if (byID.get(to).layer <= byID.get(from).layer) problems.push(`${from}->${to}`);
  if (byID.get("t5").layer !== 2) problems.push(`t5 on layer ${byID.get("t5").layer}, not 2 (longest path)`);
  const seen = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
  if (seen.size !== 60) problems.push(`${60 - seen.size} overlapping nodes`);
  const down = layoutGraph(nodes, edges, { direction: "down" });
  const downByID = new Map(down.nodes.map((n) => [n.id, n]));
  for (const [from, to] of edges) if (downByID.get(to).y <= downByID.get(from).y) problems.push(`down: ${from}->${to}`);
  if (new Set(down.nodes.map((n) => `${n.x},${n.y}`)).size !== 60) problems.push("down: overlapping nodes");
  const cycle = layoutGraph(["a", "b"], [["a", "b"], ["b", "a"]]);
  if (cycle.nodes.length !== 2) problems.push("a cycle lost nodes");
  done({ problems, count: layout.nodes.length, edges: layout.edges.length });
}).catch((error) => done({ problems: [String(error)] }));
"""


def check_graph_layout(browser):
    result = browser.driver.execute_async_script(LAYOUT_CHECK)
    assert not result["problems"], f"graph layout: {result['problems']}"
    log(f"graph layout of {result['count']} tasks and {result['edges']} edges: layered, no overlap")


def expected_failure(message, server):
    """Failed requests the walkthrough provokes on purpose (Chrome logs every non-2xx fetch as an error)."""
    if not server.event_stream and ("/api/v1/events" in message or "/stream?" in message
                                    or "EventSource's response has a MIME type" in message):
        return True  # a server without the event stream: the UI falls back to polling
    if "/api/v1/tasks/ - Failed to load resource: the server responded with a status of 409" in message:
        return True  # adding a task under a name already taken, to see the message next to the field
    if "/api/v1/tasks/ - Failed to load resource: the server responded with a status of 400" in message:
        return True  # a timeout of 0, to see the API's message next to the timeout field
    return False


def add_task(browser, name, code, dependencies, retries, delay):
    browser.click("#add-task")
    browser.type("#task-name", name)
    # Typed key by key, as a user would: the editor keeps each new line's indentation (the code has none).
    browser.type("#task-code", code)
    for dependency in dependencies:
        box = browser.find(f"#task-dependencies input[value='{dependency}']")
        if not box.is_selected():
            box.click()
    browser.type("#task-retries", str(retries))
    browser.type("#task-retry-delay", str(delay))
    browser.click("#task-save")
    browser.find(f"#tasks li[data-task='{name}']")
    typed = browser.driver.execute_script(
        "return fetch('/api/v1/workflows/ml_pipeline_example', {headers: sessionStorage.getItem('mloop.token') ? "
        "{Authorization: 'Bearer ' + sessionStorage.getItem('mloop.token')} : {}}).then(r => r.json())")
    stored = next(task for task in typed["tasks"] if task["name"] == name)
    assert stored["python_callable"].strip() == code.strip(), f"{name}'s code was stored as:\n{stored['python_callable']}"
    assert stored["dependencies"] == dependencies and stored["retry_count"] == retries, stored


def main():
    keep = "--keep" in sys.argv
    if not (shutil.which("chromium") and os.access("/usr/bin/chromedriver", os.X_OK)):
        print("ui-test: SKIPPED: chromium and chromium-driver are not installed (scripts/install-deps.sh installs them)")
        return 0
    binary = mloop_binary()
    started = time.time()
    shutil.rmtree(SHOTS, ignore_errors=True)
    os.makedirs("/tmp/mloop-ui-tests", exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="run-", dir="/tmp/mloop-ui-tests")
    os.chmod(scratch, 0o777)
    server = Server(binary, scratch)
    browser = None
    failed = False
    try:
        server.wait_until_healthy()
        log(f"mloop is up on {server.base}")
        check_no_traversal(server)
        server.event_stream = view_checks.has_event_stream(server, PASSWORD)
        # The UI falls back to polling without it, but this server has it: its absence is a failure here.
        assert server.event_stream, "the API's event stream (/api/v1/events) does not answer"
        browser = Browser()
        walkthrough(server, browser)
        errors = [entry for entry in browser.console if entry["level"] in ("SEVERE", "ERROR")
                  and not expected_failure(entry["message"], server)]
        assert not errors, "console errors:\n" + "\n".join(entry["message"] for entry in errors)
        warnings = [entry for entry in browser.console if entry["level"] == "WARNING"]
        for entry in warnings:
            log(f"console warning: {entry['message']}")
    except Exception:
        failed = True
        traceback.print_exc()
        if browser:
            try:
                browser.shot("failure")
                browser.collect_console()
                for entry in browser.console:
                    log(f"console {entry['level']}: {entry['message']}")
            except Exception:
                pass
        log("mloop output (last lines):\n" + server.tail())
    finally:
        if browser:
            browser.quit()
        server.stop()
        if not keep:
            server.destroy_database()
            shutil.rmtree(scratch, ignore_errors=True)
    log(f"screenshots: {SHOTS}")
    if browser and getattr(browser, "first_paint", None) is not None:
        log(f"workflows page with 500 workflows rendered at {browser.first_paint:.0f} ms")
    log(f"{'FAILED' if failed else 'passed'} in {time.time() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The authoring form's task kinds: a Bash task added through the form (kind chosen by keyboard, a timeout the API
refuses shown next to its field), deployed, triggered, and its log line read."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

WORKFLOW = "bash_from_form"
TASK = "greet"
SCRIPT = 'echo "bash task says hello from $MLOOP_TASK_ID"'


def log(message):
    print(f"[ui-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def check_bash_task(browser, base):
    d = browser.driver
    d.get(base + "/#/workflows")
    browser.click("#new-workflow")
    browser.type("#wf-name", WORKFLOW)
    browser.click("#create-workflow")
    browser.wait(lambda drv: drv.current_url.endswith(f"#/workflows/{WORKFLOW}"), message="no workflow page")
    browser.click("#add-task")
    name = browser.type("#task-name", TASK)
    assert browser.find("#task-code-label").text == "Python code", "a new task starts as Python"
    # Keyboard only: Tab from the name reaches the kind, and typing a letter picks Bash.
    name.send_keys(Keys.TAB)
    assert d.switch_to.active_element.get_attribute("id") == "task-kind", "Tab from the name does not reach Kind"
    d.switch_to.active_element.send_keys("b")
    browser.text_in("#task-code-label", "Bash script")
    assert "echo" in browser.find("#task-code").get_attribute("placeholder"), "the editor's placeholder is not bash"
    rules = [option.get_attribute("value") for option in Select(browser.find("#task-trigger-rule")).options]
    assert len(rules) == 12 and rules[0] == "all_success", rules
    assert Select(browser.find("#task-trigger-rule")).first_selected_option.get_attribute("value") == "all_success"
    browser.type("#task-code", SCRIPT)
    # A timeout the API refuses: its message appears next to the timeout field, and nothing is saved.
    browser.type("#task-timeout", "0")
    browser.click("#task-save")
    browser.text_in("#task-timeout-issues", "greater than 0")
    browser.shot("30-task-kind-validation")
    browser.type("#task-timeout", "30")
    browser.click("#task-save")
    browser.text_in(f"#tasks li[data-task={TASK}] .task-kind", "bash")
    browser.text_in(f"#tasks li[data-task={TASK}]", "timeout 30 s")
    browser.shot("31-bash-task-listed")

    browser.click("#deploy")
    browser.text_in("#deploy-result", "Deployed version 1")
    browser.click("#trigger")
    browser.click("#trigger-confirm")
    browser.wait(lambda drv: "#/jobs/" in drv.current_url, message="trigger did not open the run")
    browser.wait(lambda drv: drv.find_element(By.CSS_SELECTOR, "#run-state").get_attribute("data-state")
                 in ("success", "failed"), limit=90, message="the bash run never finished in the page")
    state = d.find_element(By.CSS_SELECTOR, "#run-state").get_attribute("data-state")
    assert state == "success", f"the bash task's run ended {state}"
    browser.click(f"#run-tasks a[href$='/tasks/{TASK}']")
    browser.text_in("#log", f"bash task says hello from {TASK}")
    browser.shot("32-bash-task-log")
    log("a bash task added through the form ran, and its log line shows")

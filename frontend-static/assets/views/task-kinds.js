// What a draft task can be: its kinds (the editor's label, help and starting text for each) and Airflow 3's trigger
// rules, as the API names them.

export const KINDS = {
  python: {
    label: "Python code", name: "Python",
    help: 'Runs in Python with a `context` dict: context["ti"].xcom_push(key=…, value=…) and ' +
      "xcom_pull(task_ids=…, key=…) pass values between tasks.",
    placeholder: 'print("hello from Python")\ncontext["ti"].xcom_push(key="rows", value=3)',
  },
  bash: {
    label: "Bash script", name: "Bash",
    help: "Runs with bash; MLOOP_RUN_ID, MLOOP_TASK_ID, MLOOP_LOGICAL_DATE and friends are in the environment. " +
      'A line MLOOP_XCOM::{"key": …, "value": …} on stdout pushes an XCom.',
    placeholder: 'echo "hello from bash on $MLOOP_DS"',
  },
  swift: {
    label: "Swift code", name: "Swift",
    help: "Top-level Swift compiled with swiftc (the first run of new code takes a few seconds), then cached.",
    placeholder: 'print("hello from Swift")',
  },
};

export const TRIGGER_RULES = [
  "all_success", "all_failed", "all_done", "all_done_min_one_success", "all_skipped", "one_success", "one_failed",
  "one_done", "none_failed", "none_failed_min_one_success", "none_skipped", "always",
];

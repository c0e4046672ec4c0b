/// The Python program that runs a python task's code with an Airflow-style `context` in its globals.
///
/// Passed to the interpreter with `-c`, so there is no file to install. Standard library only.
/// `sys.argv[1]` is the task's code file; `sys.argv[2]` is `file` for a DAGs-folder file (its folder goes on
/// `sys.path`, as when running a script) or `inline`. The fork server loads `definitions` once and calls
/// `_main(path, kind)` in each child it forks.
enum PythonShim {
    static let source = definitions + "\n_main(_sys.argv[1], _sys.argv[2])\n"

    static let definitions = #"""
        import json as _json, os as _os, sys as _sys

        class SkipTask(Exception):
            """Raise to end the task as skipped (exit code 99)."""

        _env = _os.environ
        _prefix = "MLOOP_"
        _out = _sys.stdout

        # Import names whose package is called something else on PyPI / in Debian.
        _PACKAGES = {"sklearn": ("scikit-learn", "python3-sklearn"), "cv2": ("opencv-python", "python3-opencv"),
                     "PIL": ("pillow", "python3-pil"), "yaml": ("pyyaml", "python3-yaml"),
                     "bs4": ("beautifulsoup4", "python3-bs4"), "dateutil": ("python-dateutil", "python3-dateutil")}

        def _missing_module_hint(name):
            pip, debian = _PACKAGES.get(name, (name, "python3-" + name.lower().replace("_", "-")))
            return ("[mloop] the Python module '%s' is not installed for %s, the interpreter that runs tasks: "
                    "install it there (pip install %s, or on Debian apt-get install %s), or point MLOOP_PYTHON "
                    "at an interpreter that has it" % (name, _sys.executable, pip, debian))

        def _jsonable(value):
            if value is None or isinstance(value, (bool, int, str)):
                return value
            if isinstance(value, float):
                return value if value == value and value not in (float("inf"), float("-inf")) else None
            if isinstance(value, dict):
                return {str(k): _jsonable(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [_jsonable(v) for v in value]
            if isinstance(value, (set, frozenset)):
                items = [_jsonable(v) for v in value]
                try:
                    return sorted(items)
                except TypeError:
                    return items
            if isinstance(value, (bytes, bytearray)):
                return bytes(value).decode("utf-8", "replace")
            if hasattr(value, "isoformat"):
                return value.isoformat()
            for name in ("tolist", "item", "to_dict"):
                method = getattr(value, name, None)
                if callable(method):
                    try:
                        return _jsonable(method())
                    except Exception:
                        pass
            if hasattr(value, "__float__"):
                try:
                    return _jsonable(float(value))
                except Exception:
                    pass
            return str(value)

        def _emit(tag, payload):
            _out.write(_prefix + tag + "::" + _json.dumps(payload, separators=(",", ":"), allow_nan=False) + "\n")
            _out.flush()

        def _date(name):
            text = _env.get(name)
            if not text:
                return None
            from datetime import datetime
            return datetime.fromisoformat(text.replace("Z", "+00:00"))

        class TaskInstance:
            """The `context["ti"]` of a task: XCom, progress, metadata, branching, skipping."""

            def __init__(self):
                self.dag_id = _env.get("MLOOP_WORKFLOW_ID")
                self.workflow_id = self.dag_id
                self.run_id = _env.get("MLOOP_RUN_ID")
                self.task_id = _env.get("MLOOP_TASK_ID")
                self.try_number = int(_env.get("MLOOP_TRY_NUMBER", "1"))
                self.max_tries = int(_env.get("MLOOP_MAX_TRIES", "1"))
                self._upstream = None
                self._pushed = {}
                self._pulls = set()

            def xcom_push(self, key, value, **_ignored):
                value = _jsonable(value)
                self._pushed[key] = value
                _emit("XCOM", {"key": key, "value": value})

            def _xcoms(self):
                if self._upstream is None:
                    path = _env.get("MLOOP_XCOM_INPUT")
                    self._upstream = {}
                    if path:
                        with open(path, encoding="utf-8") as f:
                            self._upstream = _json.load(f)
                return self._upstream

            def _read(self, task_id, key):
                # Recorded once per (task, key) and try: the XComs this try actually read.
                if (task_id, key) not in self._pulls:
                    self._pulls.add((task_id, key))
                    _emit("XCOM_PULL", {"task_id": task_id, "key": key})
                return self._xcoms()[task_id][key]

            def _value(self, task_id, key, default):
                if task_id == self.task_id and key in self._pushed:
                    return self._pushed[key]
                if key not in self._xcoms().get(task_id, {}):
                    return default
                return self._read(task_id, key)

            def xcom_pull(self, task_ids=None, key="return_value", default=None, **_ignored):
                if task_ids is None:
                    for task_id in sorted(self._xcoms()):
                        if key in self._xcoms()[task_id]:
                            return self._read(task_id, key)
                    return self._pushed.get(key, default)
                if isinstance(task_ids, str):
                    return self._value(task_ids, key, default)
                return [self._value(task_id, key, default) for task_id in task_ids]

            def progress(self, value=None, **fields):
                payload = dict(value or {})
                payload.update(fields)
                _emit("PROGRESS", _jsonable(payload))

            def meta(self, value=None, **fields):
                payload = dict(value or {})
                payload.update(fields)
                _emit("META", _jsonable(payload))

            def branch(self, task_ids):
                _emit("BRANCH", task_ids if isinstance(task_ids, str) else [str(t) for t in task_ids])

            def skip(self, reason=""):
                raise SkipTask(reason)

        def _context(ti):
            logical_date = _date("MLOOP_LOGICAL_DATE")
            return {
                "ti": ti,
                "task_instance": ti,
                "params": _json.loads(_env.get("MLOOP_PARAMS") or "{}"),
                "conf": _json.loads(_env.get("MLOOP_CONF") or "{}"),
                "ds": _env.get("MLOOP_DS"),
                "ds_nodash": _env.get("MLOOP_DS_NODASH"),
                "ts": _env.get("MLOOP_LOGICAL_DATE"),
                "logical_date": logical_date,
                "data_interval_start": _date("MLOOP_DATA_INTERVAL_START"),
                "data_interval_end": _date("MLOOP_DATA_INTERVAL_END"),
                "run_id": ti.run_id,
                "dag_id": ti.dag_id,
                "workflow_id": ti.dag_id,
                "task_id": ti.task_id,
                "try_number": ti.try_number,
            }

        def _main(path, kind):
            global _prefix
            _prefix = _env.get("MLOOP_PROTOCOL_PREFIX", "MLOOP_")
            with open(path, "rb") as f:
                source = f.read()
            _sys.argv = [path]
            if kind == "file":
                _sys.path[0] = _os.path.dirname(_os.path.abspath(path))
            scope = {
                "__name__": "__main__", "__file__": path, "__builtins__": __builtins__,
                "SkipTask": SkipTask, "AirflowSkipException": SkipTask, "TaskInstance": TaskInstance,
            }
            try:
                code = compile(source, path, "exec")
                scope["context"] = _context(TaskInstance())
                exec(code, scope)
            except SkipTask as skip:
                _sys.stderr.write("[mloop] task skipped" + (": %s" % skip if str(skip) else "") + "\n")
                _sys.stderr.flush()
                _sys.exit(99)
            except SystemExit:
                raise
            except BaseException as error:
                import traceback
                tb = error.__traceback__
                while tb is not None and tb.tb_frame.f_code.co_filename != path:
                    tb = tb.tb_next
                traceback.print_exception(type(error), error, tb)
                if isinstance(error, ModuleNotFoundError) and error.name:
                    _sys.stderr.write(_missing_module_hint(error.name.split(".")[0]) + "\n")
                _sys.exit(1)
        """#
}

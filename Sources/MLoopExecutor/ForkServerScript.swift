/// The Python program of the fork server: imports the interpreter's start-up modules and the shim once, then forks
/// one fresh child per python try.
///
/// Run as `python3 -u -c <source> <shim definitions>` with its control socket as stdin. Requests: a 4-byte
/// big-endian length carrying the child's stdout and stderr pipe ends (SCM_RIGHTS), then that many bytes of JSON
/// `{"id", "env", "cwd", "path", "kind"}`. Replies, one text line each: `ready PID`, `started ID PID`,
/// `failed ID REASON`, `exited PID WAIT_STATUS`. The server never runs task code itself: each child is forked from
/// its clean state and used once, so nothing one task imports or sets reaches the next.
enum ForkServerScript {
    static let source = #"""
        import os, select, signal, socket, struct, sys
        import json, datetime, traceback  # what the shim and most tasks load anyway

        def _send(control, line):
            control.sendall(line.encode())

        def _exit_code(code):
            # Python's own handling of SystemExit at interpreter exit.
            if code is None:
                return 0
            if isinstance(code, int):
                return code & 0xFF
            try:
                sys.stderr.write(str(code) + "\n")
            except Exception:
                pass
            return 1

        def _finish():
            # What interpreter shutdown does before exit: join threads, run atexit handlers, flush.
            threading = sys.modules.get("threading")
            if threading is not None:
                try:
                    threading._shutdown()
                except BaseException:
                    pass
            import atexit
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:
                    pass

        def _child(shim, request, out, err, closing):
            code = 1
            try:
                os.setsid()
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                for fd in closing:
                    os.close(fd)
                os.dup2(out, 1)
                os.dup2(err, 2)
                for fd in {out, err} - {1, 2}:
                    os.close(fd)
                os.environ.update(request["env"])
                os.chdir(request["cwd"])
                random = sys.modules.get("random")
                if random is not None:
                    random.seed()
                try:
                    shim["_main"](request["path"], request["kind"])
                    code = 0
                except SystemExit as exit:
                    code = _exit_code(exit.code)
                _finish()
            except BaseException:
                try:
                    traceback.print_exc()
                    sys.stderr.flush()
                except BaseException:
                    pass
            finally:
                os._exit(code)

        def _receive(control):
            header, fds, _, _ = socket.recv_fds(control, 4, 2)
            if not header:
                return None, []
            while len(header) < 4:
                more = control.recv(4 - len(header))
                if not more:
                    return None, fds
                header += more
            (length,) = struct.unpack(">I", header)
            body = bytearray()
            while len(body) < length:
                more = control.recv(length - len(body))
                if not more:
                    return None, fds
                body += more
            return json.loads(body), fds

        def _reap(control):
            while True:
                try:
                    info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                except ChildProcessError:
                    return
                if info is None:
                    return
                pid = info.si_pid
                # The leader is a zombie still holding its group id: what it left running in its group goes now.
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
                _, status = os.waitpid(pid, 0)
                _send(control, "exited %d %d\n" % (pid, status))

        def _serve(shim_source):
            shim = {"__name__": "_mloop_shim", "__builtins__": __builtins__}
            exec(compile(shim_source, "<mloop shim>", "exec"), shim)
            control = socket.socket(fileno=os.dup(0))
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.close(null)
            wake_read, wake_write = os.pipe()
            os.set_blocking(wake_read, False)
            os.set_blocking(wake_write, False)
            signal.set_wakeup_fd(wake_write)
            signal.signal(signal.SIGCHLD, lambda *_: None)
            # Objects that exist now are never collected in a child: its collections then do not write to (and copy)
            # the pages it shares with the server.
            import gc
            gc.collect()
            gc.freeze()
            _send(control, "ready %d\n" % os.getpid())
            while True:
                readable, _, _ = select.select([control, wake_read], [], [])
                if wake_read in readable:
                    try:
                        while os.read(wake_read, 512):
                            pass
                    except BlockingIOError:
                        pass
                    _reap(control)
                if control not in readable:
                    continue
                request, fds = _receive(control)
                if request is None or len(fds) != 2:
                    for fd in fds:
                        os.close(fd)
                    if request is None:
                        return
                    _send(control, "failed %d expected two file descriptors\n" % request["id"])
                    continue
                out, err = fds
                try:
                    pid = os.fork()
                except OSError as error:
                    os.close(out)
                    os.close(err)
                    _send(control, "failed %d %s\n" % (request["id"], str(error).replace("\n", " ")))
                    continue
                if pid == 0:
                    _child(shim, request, out, err, [control.detach(), wake_read, wake_write])
                os.close(out)
                os.close(err)
                _send(control, "started %d %d\n" % (request["id"], pid))

        if sys.version_info < (3, 9):
            sys.exit("the MLoop fork server needs Python 3.9 or later")
        _serve(sys.argv[1])
        """#
}

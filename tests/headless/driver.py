"""Drives `chive --headless` processes for the tests (standard library only).

A Chive object starts one process, reads its stdout on a thread, and sorts
what arrives: replies (objects with "ok") are matched to requests by "id",
events (objects with "event") are kept in order and can be waited for.
Every process started here is killed when the test ends (close(), or the
atexit hook if a test dies half way).

Usage:
    chive = Chive(binary, profile_dir, offline=True)
    chive.request("create", password="...")   # -> reply dict, asserts ok
    chive.call("status")                       # -> reply dict, ok or not
    chive.wait_event(lambda e: e["event"] == "contact", timeout=60)
    chive.close()
"""

import atexit
import json
import os
import queue
import signal
import subprocess
import threading
import time

_LIVE = set()


def _kill_all():
    for process in list(_LIVE):
        if process.poll() is None:
            process.kill()
            process.wait()


atexit.register(_kill_all)


class HeadlessError(AssertionError):
    pass


class Chive:
    def __init__(self, binary, profile, offline=True, tor_config=None, name=None,
                 stderr_path=None, env=None):
        self.binary = binary
        self.profile = str(profile)
        self.name = name or os.path.basename(self.profile)
        self.offline = offline
        self.tor_config = tor_config
        self.stderr_path = stderr_path or (self.profile.rstrip("/") + ".stderr.log")
        self.env = env
        self._next_id = 1
        self._replies = {}
        self._anonymous = queue.Queue()  # replies with "id": null
        self._events = []
        self._lines = []  # every line read, raw
        self._cond = threading.Condition()
        self.process = None
        self.start()

    # --- process -------------------------------------------------------
    def argv(self):
        args = [self.binary, "--headless", "--profile", self.profile]
        if self.offline:
            args.append("--offline")
        if self.tor_config:
            args += ["--tor-config", str(self.tor_config)]
        return args

    def start(self):
        env = dict(self.env if self.env is not None else os.environ)
        # The headless mode must need no display.
        for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
            env.pop(key, None)
        self._stderr = open(self.stderr_path, "ab")
        self.process = subprocess.Popen(self.argv(), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        _LIVE.add(self.process)
        self._reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self._reader.start()

    def _read(self, process):
        for raw in process.stdout:
            try:
                obj = json.loads(raw)
            except ValueError:
                obj = {"unparsable": raw.decode("utf-8", "replace")}
            with self._cond:
                self._lines.append(raw)
                if "event" in obj:
                    obj["_t"] = time.monotonic()
                    self._events.append(obj)
                elif "id" in obj and obj["id"] is not None:
                    self._replies[obj["id"]] = obj
                else:
                    self._anonymous.put(obj)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def write_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def close(self, timeout=60):
        """Asks the process to quit and waits; kills it if it does not end."""
        if self.alive():
            try:
                self.call("quit", timeout=timeout)
            except (HeadlessError, BrokenPipeError, OSError):
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise HeadlessError(f"{self.name}: did not exit after quit")
        self._finish()
        return self.process.returncode

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._finish()

    def terminate(self, timeout=30):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._finish()

    def _finish(self):
        self._reader.join(timeout=5)
        _LIVE.discard(self.process)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.close()

    def restart(self):
        """Starts a new process on the same profile (after close or kill9)."""
        with self._cond:
            self._replies.clear()
            self._events.clear()
        self.start()

    def stderr_text(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stdout_lines(self):
        with self._cond:
            return list(self._lines)

    # --- commands ------------------------------------------------------
    def call(self, cmd, timeout=60, **fields):
        """Sends one command; returns its reply (ok or not)."""
        request_id = self._next_id
        self._next_id += 1
        message = {"id": request_id, "cmd": cmd}
        message.update(fields)
        self.write_raw((json.dumps(message) + "\n").encode())
        deadline = time.monotonic() + timeout
        with self._cond:
            while request_id not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise HeadlessError(f"{self.name}: no reply to {cmd} within {timeout} s")
                if not self.alive() and not self._reader.is_alive():
                    raise HeadlessError(f"{self.name}: exited ({self.process.returncode}) "
                                        f"before replying to {cmd}")
                self._cond.wait(min(left, 0.5))
            return self._replies.pop(request_id)

    def request(self, cmd, timeout=60, **fields):
        """Sends one command and asserts that it succeeded."""
        reply = self.call(cmd, timeout=timeout, **fields)
        if not reply.get("ok"):
            raise HeadlessError(f"{self.name}: {cmd} failed: {reply.get('error')}")
        return reply

    def anonymous_reply(self, timeout=30):
        """The next reply with "id": null (to a line that could not be parsed)."""
        try:
            return self._anonymous.get(timeout=timeout)
        except queue.Empty:
            raise HeadlessError(f"{self.name}: no reply to a malformed line within {timeout} s")

    # --- events --------------------------------------------------------
    def events(self, kind=None):
        with self._cond:
            return [e for e in self._events if kind is None or e["event"] == kind]

    def wait_event(self, predicate, timeout=60, what="event"):
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                while seen < len(self._events):
                    event = self._events[seen]
                    seen += 1
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise HeadlessError(f"{self.name}: no {what} within {timeout} s")
                if not self.alive() and not self._reader.is_alive():
                    raise HeadlessError(f"{self.name}: exited while waiting for {what}")
                self._cond.wait(min(left, 0.5))

    def wait_until(self, condition, timeout=60, what="condition", poll=0.5):
        """Polls `condition()` (e.g. a command) until it is true."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise HeadlessError(f"{self.name}: {what} not reached within {timeout} s")
            time.sleep(poll)


def profile_files(directory):
    """Every regular file under `directory`, recursively."""
    for root, _dirs, files in os.walk(directory):
        for name in files:
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                yield path


def files_containing(directory, needle):
    """Files under `directory` whose bytes contain `needle` (bytes)."""
    hits = []
    for path in profile_files(directory):
        try:
            with open(path, "rb") as f:
                if needle in f.read():
                    hits.append(path)
        except OSError:
            pass
    return hits

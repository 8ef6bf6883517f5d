"""`make demo`: two Chive profiles on the private Tor network, added to each
other, left running for a person to try.

    demo.py start CHIVE DIR   start the network and alice and bob under DIR,
                              pair them, print how to talk to them
    demo.py say DIR NAME [JSON]
                              send one command (or, without JSON, each line
                              typed) to NAME and print the reply
    demo.py stop DIR          quit both, stop the network

Each person's chive reads a named pipe, DIR/NAME.in (opened read-write by the
process itself, so writers may come and go without ending its input), and
writes DIR/NAME.out (replies and events) and DIR/NAME.log (its log). Pids
are kept in DIR/NAME.pid; stop only signals a pid whose command line still
names DIR. Standard library only.
"""

import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NETWORK = os.path.join(HERE, "..", "tor-network", "tor-network.sh")
PEOPLE = ("alice", "bob")
PASSWORD = "demo password"


def die(message):
    print(f"demo: {message}", file=sys.stderr)
    sys.exit(1)


def ours(directory, pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return os.path.abspath(directory).encode() in f.read()
    except OSError:
        return False


def pid_of(directory, name):
    try:
        with open(os.path.join(directory, f"{name}.pid")) as f:
            pid = int(f.read())
    except (OSError, ValueError):
        return None
    return pid if ours(directory, pid) else None


class Person:
    def __init__(self, directory, name):
        self.directory = os.path.abspath(directory)
        self.name = name
        self.fifo = os.path.join(self.directory, f"{name}.in")
        self.out = os.path.join(self.directory, f"{name}.out")
        self.counter = int(time.time() * 1000) % 1000000

    def launch(self, chive, torrc):
        os.mkfifo(self.fifo, 0o600)
        stdin = os.open(self.fifo, os.O_RDWR)
        with open(self.out, "ab") as out, \
                open(os.path.join(self.directory, f"{self.name}.log"), "ab") as log:
            process = subprocess.Popen(
                [chive, "--headless", "--profile", os.path.join(self.directory, self.name),
                 "--tor-config", torrc],
                stdin=stdin, stdout=out, stderr=log, start_new_session=True,
                env={k: v for k, v in os.environ.items() if k != "DISPLAY"})
        os.close(stdin)
        with open(os.path.join(self.directory, f"{self.name}.pid"), "w") as f:
            f.write(str(process.pid))

    def write(self, message):
        fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        try:
            os.write(fd, (json.dumps(message) + "\n").encode())
        finally:
            os.close(fd)

    def lines(self):
        with open(self.out, "rb") as f:
            for raw in f:
                try:
                    yield json.loads(raw)
                except ValueError:
                    pass

    def say(self, message, timeout=60):
        self.counter += 1
        message = dict(message)
        message.setdefault("id", f"{self.name}-{self.counter}")
        self.write(message)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if line.get("id") == message["id"] and "ok" in line:
                    return line
            time.sleep(0.2)
        die(f"{self.name} did not answer {message.get('cmd')} within {timeout} s")

    def request(self, cmd, **fields):
        reply = self.say({"cmd": cmd, **fields})
        if not reply.get("ok"):
            die(f"{self.name}: {cmd} failed: {reply.get('error')}")
        return reply

    def wait_event(self, kind, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if line.get("event") == kind:
                    return line
            time.sleep(0.5)
        die(f"{self.name}: no {kind} event within {timeout} s; see {self.name}.log")

    def wait_connected(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if line.get("event") == "contact" and line["contact"]["state"] == "connected":
                    return line["contact"]
            time.sleep(0.5)
        die(f"{self.name} did not reach connected within {timeout} s; see {self.name}.log")


def start(chive, directory):
    directory = os.path.abspath(directory)
    if any(pid_of(directory, name) for name in PEOPLE):
        die(f"a demo already runs in {directory}; make demo-stop first")
    if os.path.isdir(os.path.join(directory, "tor-network")):
        subprocess.run(["bash", NETWORK, "stop", os.path.join(directory, "tor-network")],
                       capture_output=True)
    subprocess.run(["rm", "-rf", directory], check=True)
    os.makedirs(directory)
    network = os.path.join(directory, "tor-network")
    env = dict(os.environ, TOR_NETWORK_MAX_LIFETIME=str(8 * 3600))
    print("demo: starting the private Tor network on 127.0.0.1 (about a minute)...", flush=True)
    if subprocess.run(["bash", NETWORK, "start", network], env=env,
                      stdout=subprocess.DEVNULL).returncode != 0 or \
            subprocess.run(["bash", NETWORK, "wait", network, "240"]).returncode != 0:
        subprocess.run(["bash", NETWORK, "stop", network], capture_output=True)
        die("the private Tor network did not start")
    torrc = os.path.join(network, "client-torrc")
    people = [Person(directory, name) for name in PEOPLE]
    for person in people:
        person.launch(chive, torrc)
    print("demo: creating two profiles and adding each other...", flush=True)
    for person in people:
        person.request("create", password=PASSWORD)
    alice, bob = people
    ia = alice.request("new_invitation", alias="Bob")["invitation"]
    ib = bob.request("new_invitation", alias="Alice")["invitation"]
    alice.request("add_contact", invitation=ia["id"], link=ib["link"])
    bob.request("add_contact", invitation=ib["id"], link=ia["link"])
    started = time.monotonic()
    contact_bob = alice.wait_connected(300)
    contact_alice = bob.wait_connected(300)
    seconds = time.monotonic() - started
    alice.request("send", contact=contact_bob["id"], text="Hello Bob, this is Alice.")
    bob.wait_event("message", 120)
    rel = os.path.relpath(directory)
    here = os.path.relpath(__file__)
    print(f"""
demo: alice and bob are connected ({seconds:.0f} s after both links were entered).
      Each is `chive --headless` on the private Tor network; password: "{PASSWORD}".

  Talk to them (one JSON command per line, doc/headless.md):
    python3 {here} say {rel} alice '{{"cmd":"contacts"}}'
    python3 {here} say {rel} bob '{{"cmd":"history","contact":{contact_alice['id']}}}'
    python3 {here} say {rel} bob '{{"cmd":"send","contact":{contact_alice['id']},"text":"Hi Alice!"}}'
    python3 {here} say {rel} alice          # interactive: type commands, Ctrl-D to leave
  or write to the pipes yourself:
    echo '{{"cmd":"status"}}' > {rel}/alice.in
  Watch replies and events:   tail -f {rel}/alice.out {rel}/bob.out
  Logs:                       {rel}/alice.log {rel}/bob.log
  Alice knows Bob as contact {contact_bob['id']}; Bob knows Alice as contact {contact_alice['id']}.

  Stop everything:  make demo-stop
""")


def say(directory, name, text):
    if name not in PEOPLE or not pid_of(directory, name):
        die(f"no demo {name} runs in {directory}")
    person = Person(directory, name)
    if text is not None:
        print(json.dumps(person.say(json.loads(text))))
        return
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError:
            print("not JSON; e.g. {\"cmd\":\"help\"}", file=sys.stderr)
            continue
        print(json.dumps(person.say(message)), flush=True)


def stop(directory):
    directory = os.path.abspath(directory)
    status = 0
    for name in PEOPLE:
        pid = pid_of(directory, name)
        if pid is None:
            continue
        try:
            Person(directory, name).write({"cmd": "quit"})
        except OSError:
            os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not ours(directory, pid):
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
        print(f"demo: {name} stopped")
    network = os.path.join(directory, "tor-network")
    if os.path.isdir(network):
        status = subprocess.run(["bash", NETWORK, "stop", network]).returncode
        print("demo: private Tor network stopped")
    return status


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "start":
        start(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) in (4, 5) and sys.argv[1] == "say":
        say(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "stop":
        return stop(sys.argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

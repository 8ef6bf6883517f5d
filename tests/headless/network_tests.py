"""End-to-end tests of the headless mode on the private Tor network.

Run one case: python3 network_tests.py CHIVE PROFILE_DUMP CASE WORKDIR
with CHIVE_TOR_NETWORK_DIR naming a running network (the ctest fixture
tor_network). Every chive process (and bare tor client) started here is
ended on every exit path.

Figures (times to connected, delivery times) are printed on stdout.
"""

import base64
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import Chive, HeadlessError, files_containing  # noqa: E402

PASSWORD = "network test passphrase 4e1d"
MARKER = "PLAINTEXT-MARKER-" + os.urandom(6).hex()
CONNECT_TIMEOUT = 300


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def figure(name, value):
    print(f"figure: {name}: {value}", flush=True)


class Network:
    def __init__(self):
        self.dir = os.environ.get("CHIVE_TOR_NETWORK_DIR")
        check(self.dir and os.path.isfile(os.path.join(self.dir, "client-torrc")),
              "CHIVE_TOR_NETWORK_DIR must name a running private Tor network")
        self.torrc = os.path.join(self.dir, "client-torrc")
        self.script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                   "tor-network", "tor-network.sh")
        self.clients = []

    def client(self, name, *lines):
        """A bare tor client on the network; returns a SOCKS port of it that
        gives Tor's extended error codes (0xF0-0xF7)."""
        name = f"{name}-{os.getpid()}-{len(self.clients)}"
        port = int(subprocess.run(["bash", self.script, "port", self.dir], capture_output=True,
                                  check=True, text=True).stdout.strip())
        subprocess.run(["bash", self.script, "client", self.dir, name,
                        f"SocksPort 127.0.0.1:{port} ExtendedErrors", *lines],
                       capture_output=True, check=True, text=True)
        self.clients.append(name)
        subprocess.run(["bash", self.script, "client-bootstrapped", self.dir, name, "120"],
                       check=True, capture_output=True)
        return port

    def stop_clients(self):
        for name in self.clients:
            subprocess.run(["bash", self.script, "stop-client", self.dir, name],
                           capture_output=True)
        self.clients = []


class Case:
    """Everything one case starts, ended in finish()."""

    def __init__(self, binary, dump, work):
        self.binary = binary
        self.dump_binary = dump
        self.work = work
        self.network = Network()
        self.people = []

    def person(self, name):
        chive = Chive(self.binary, os.path.join(self.work, name), offline=False,
                      tor_config=self.network.torrc, name=name)
        self.people.append(chive)
        return chive

    def finish(self):
        failures = []
        for chive in self.people:
            try:
                if chive.alive():
                    chive.close(timeout=60)
            except Exception as error:  # noqa: BLE001 - cleanup must go on
                failures.append(f"{chive.name}: {error}")
                if chive.alive():
                    chive.kill9()
        self.network.stop_clients()
        return failures

    def dump(self, chive):
        """The profile's bundles and keys; the process must not be running."""
        check(not chive.alive(), "dump needs the profile closed")
        out = subprocess.run([self.dump_binary, chive.profile], input=PASSWORD + "\n",
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout)


def connected(event, alias=None):
    return (event["event"] == "contact" and event["contact"]["state"] == "connected" and
            (alias is None or event["contact"]["alias"] == alias))


def online(event, contact_id):
    return (event["event"] == "contact" and event["contact"]["id"] == contact_id and
            event["contact"]["presence"] == "online")


def pair(a, b, a_calls_b, b_calls_a):
    """a and b each make an invitation and enter the other's link. Returns
    (contact id of b at a, contact id of a at b, seconds from both links
    entered to both connected)."""
    ia = a.request("new_invitation", alias=a_calls_b)["invitation"]
    ib = b.request("new_invitation", alias=b_calls_a)["invitation"]
    a.request("add_contact", invitation=ia["id"], link=ib["link"])
    b.request("add_contact", invitation=ib["id"], link=ia["link"])
    entered = time.monotonic()
    ea = a.wait_event(lambda e: connected(e, a_calls_b), CONNECT_TIMEOUT, "connected")
    eb = b.wait_event(lambda e: connected(e, b_calls_a), CONNECT_TIMEOUT, "connected")
    seconds = max(ea["_t"], eb["_t"]) - entered
    a.wait_event(lambda e: e["event"] == "invitation_removed" and e["invitation"] == ia["id"],
                 60, "invitation_removed")
    b.wait_event(lambda e: e["event"] == "invitation_removed" and e["invitation"] == ib["id"],
                 60, "invitation_removed")
    check(a.request("invitations")["invitations"] == [], "the invitation is gone once used")
    return ea["contact"]["id"], eb["contact"]["id"], seconds, ia, ib


def states_by_row(chive, contact):
    rows = {}
    for event in chive.events("message_state"):
        if event["contact"] == contact:
            rows.setdefault(event["row"], []).append(event["state"])
    return rows


def received_texts(chive, contact):
    return [e["message"]["text"] for e in chive.events("message")
            if e["message"]["contact"] == contact]


def full_history(chive, contact, page=30):
    messages = []
    before = None
    while True:
        fields = {"contact": contact, "limit": page}
        if before is not None:
            fields["before"] = before
        reply = chive.request("history", **fields)
        messages = reply["messages"] + messages
        before = reply["next_before"]
        if before is None:
            return messages


def check_marker_absent(*people):
    for chive in people:
        hits = files_containing(chive.profile, MARKER.encode())
        check(not hits, f"the plaintext marker is in {hits}")
        check(MARKER not in chive.stderr_text(), f"{chive.name}: message text in the log")


# ------------------------------------------------------------------ cases --

def case_pair_chat(case, count=100):
    alice, bob = case.person("alice"), case.person("bob")
    alice.request("create", password=PASSWORD)
    bob.request("create", password=PASSWORD)
    bob_at_alice, alice_at_bob, seconds, _, _ = pair(alice, bob, "Bob", "Alice")
    figure("links entered to both connected (s)", f"{seconds:.1f}")

    safety_a = alice.request("safety_number", contact=bob_at_alice)["safety_number"]
    safety_b = bob.request("safety_number", contact=alice_at_bob)["safety_number"]
    check(safety_a == safety_b and len(safety_a.replace(" ", "")) == 60,
          f"safety numbers differ: {safety_a!r} vs {safety_b!r}")
    alice.request("mark_verified", contact=bob_at_alice)
    check(alice.request("contact", contact=bob_at_alice)["contact"]["verified"], "verified")

    # Both sides send at once; the texts carry the marker.
    started = time.monotonic()
    sent_a, sent_b = [], []
    for i in range(count):
        sent_a.append(alice.request("send", contact=bob_at_alice,
                                    text=f"a2b {i:03d} {MARKER}")["message"])
        sent_b.append(bob.request("send", contact=alice_at_bob,
                                  text=f"b2a {i:03d} {MARKER}")["message"])
    check(all(m["state"] == "queued" and m["direction"] == "out" for m in sent_a + sent_b),
          "a sent message starts queued")
    check([m["id"] for m in sent_a] == sorted({m["id"] for m in sent_a}),
          "message ids increase")
    bob.wait_until(lambda: len(received_texts(bob, alice_at_bob)) >= count, 300,
                   "all messages at bob")
    alice.wait_until(lambda: len(received_texts(alice, bob_at_alice)) >= count, 300,
                     "all messages at alice")
    figure(f"{count} messages each way, both directions at once (s)",
           f"{time.monotonic() - started:.1f}")
    expected_b = [f"a2b {i:03d} {MARKER}" for i in range(count)]
    expected_a = [f"b2a {i:03d} {MARKER}" for i in range(count)]
    # Wait for the last acknowledgements, then check states.
    for chive, contact, sent in ((alice, bob_at_alice, sent_a), (bob, alice_at_bob, sent_b)):
        chive.wait_until(lambda: all(states_by_row(chive, contact).get(m["row"], [None])[-1] ==
                                     "delivered" for m in sent), 120, "all delivered")
        rows = states_by_row(chive, contact)
        for m in sent:
            check(rows[m["row"]] == ["sent", "delivered"],
                  f"{chive.name}: row {m['row']} went queued, {rows[m['row']]}")
    time.sleep(2)  # anything duplicated would arrive now
    check(received_texts(bob, alice_at_bob) == expected_b, "bob: not exactly once, in order")
    check(received_texts(alice, bob_at_alice) == expected_a, "alice: not exactly once, in order")

    # History, paged back 30 at a time, holds both directions in row order.
    history = full_history(bob, alice_at_bob)
    check(len(history) == 2 * count, f"bob's history has {len(history)} messages")
    check([m["row"] for m in history] == sorted(m["row"] for m in history), "history order")
    check([m["text"] for m in history if m["direction"] == "in"] == expected_b,
          "bob's history of received messages")
    check(all(m["state"] == "delivered" for m in history), "every message delivered")
    status = bob.request("status")
    check(status["unread"] == count and status["online"] == 1, f"{status}")
    bob.request("mark_read", contact=alice_at_bob)
    check(bob.request("status")["unread"] == 0, "mark_read")
    found = bob.request("search", query="a2b 042")["messages"]
    check([m["text"] for m in found] == [f"a2b 042 {MARKER}"], f"search: {found}")

    # Round trips: one message at a time, sent to delivered.
    trips = []
    for i in range(10):
        t0 = time.monotonic()
        m = alice.request("send", contact=bob_at_alice, text=f"ping {i}")["message"]
        alice.wait_event(lambda e: e["event"] == "message_state" and e["row"] == m["row"] and
                         e["state"] == "delivered", 60, "delivered")
        trips.append(time.monotonic() - t0)
    figure("send to delivered, median of 10 (ms)", f"{statistics.median(trips) * 1000:.0f}")

    check_marker_absent(alice, bob)
    check(alice.close() == 0 and bob.close() == 0, "exit codes")
    check_marker_absent(alice, bob)


def case_offline_delivery(case, rounds=3, per_round=10):
    alice, bob = case.person("alice"), case.person("bob")
    alice.request("create", password=PASSWORD)
    bob.request("create", password=PASSWORD)
    bob_at_alice, alice_at_bob, seconds, _, _ = pair(alice, bob, "Bob", "Alice")
    figure("links entered to both connected (s)", f"{seconds:.1f}")
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))

    # Bob goes away; alice queues, and is killed at random points.
    check(bob.close() == 0, "bob quits")
    acknowledged = []  # texts whose send reply arrived
    attempted = []
    for r in range(rounds):
        kill_after = rng.randrange(1, per_round)
        for i in range(per_round):
            text = f"offline {r}.{i} {MARKER}"
            attempted.append(text)
            if i == kill_after:
                # Kill while this send is in flight: it may or may not count.
                alice.write_raw((json.dumps({"id": f"k{r}", "cmd": "send",
                                             "contact": bob_at_alice, "text": text}) +
                                 "\n").encode())
                time.sleep(rng.random() * 0.05)
                alice.kill9()
                break
            alice.request("send", contact=bob_at_alice, text=text)
            acknowledged.append(text)
        alice.restart()
        alice.request("unlock", password=PASSWORD)
    figure("kill -9 of the sender while queuing", f"{rounds} times")

    # Bob comes back, then alice is killed once more while delivering.
    bob.restart()
    bob.request("unlock", password=PASSWORD)
    back = time.monotonic()
    burst = [f"burst {i} {MARKER}" for i in range(20)]
    for text in burst:
        alice.request("send", contact=bob_at_alice, text=text)
        acknowledged.append(text)
        attempted.append(text)
    bob.wait_event(lambda e: e["event"] == "message", 300, "a first message after coming back")
    figure("first message after the contact came back (s)", f"{time.monotonic() - back:.1f}")
    time.sleep(rng.random() * 1.0)
    alice.kill9()
    alice.restart()
    alice.request("unlock", password=PASSWORD)

    bob.wait_until(lambda: set(acknowledged) <= set(received_texts(bob, alice_at_bob)), 300,
                   "every acknowledged message at bob")
    figure("all messages delivered after the contact came back (s)",
           f"{time.monotonic() - back:.1f}")
    time.sleep(5)  # a duplicate would arrive now
    got = received_texts(bob, alice_at_bob)
    check(len(got) == len(set(got)), f"duplicates at bob: {len(got) - len(set(got))}")
    check(set(got) <= set(attempted), "bob got a message nobody sent")
    history = [m["text"] for m in full_history(bob, alice_at_bob)]
    check(sorted(history) == sorted(got), "bob's history is what arrived")
    # In order: what arrived follows the order alice queued it in.
    order = {text: n for n, text in enumerate(attempted)}
    check([order[t] for t in got] == sorted(order[t] for t in got), "bob: out of order")
    figure("messages delivered exactly once", f"{len(got)} ({len(acknowledged)} acknowledged, "
           f"{len(got) - len(acknowledged)} in flight at a kill)")
    # Alice sees every one of hers delivered.
    alice.wait_until(lambda: all(m["state"] == "delivered"
                                 for m in full_history(alice, bob_at_alice)), 120,
                     "alice sees everything delivered")
    check(alice.close() == 0 and bob.close() == 0, "exit codes")
    check_marker_absent(alice, bob)


def shared_windows(a, b, width=8):
    """Byte windows of `width` found in both byte strings."""
    windows = {a[i:i + width] for i in range(len(a) - width + 1)}
    return [b[i:i + width] for i in range(len(b) - width + 1) if b[i:i + width] in windows]


def link_key(link):
    """The 32-byte handshake key of a chive: link (version 1)."""
    text = link.split(":", 1)[1].upper()
    raw = base64.b32decode(text + "=" * (-len(text) % 8))
    return raw[1:33]


def case_unlinkability(case):
    carol, alice, bob = case.person("carol"), case.person("alice"), case.person("bob")
    for chive in (carol, alice, bob):
        chive.request("create", password=PASSWORD)
    alice_at_carol, carol_at_alice, s1, link_c2a, _ = pair(carol, alice, "Alice", "Carol")
    bob_at_carol, carol_at_bob, s2, link_c2b, _ = pair(carol, bob, "Bob", "Carol")
    figure("links entered to connected, two pairs (s)", f"{s1:.1f}, {s2:.1f}")
    alice.request("send", contact=carol_at_alice, text="hello carol from alice")
    bob.request("send", contact=carol_at_bob, text="hello carol from bob")
    carol.wait_until(lambda: len(carol.events("message")) == 2, 120, "both messages")
    safety_alice = carol.request("safety_number", contact=alice_at_carol)["safety_number"]
    safety_bob = carol.request("safety_number", contact=bob_at_carol)["safety_number"]
    check(safety_alice != safety_bob, "two contacts have the same safety number")
    for chive in (carol, alice, bob):
        check(chive.close() == 0, f"{chive.name} exit code")

    dumps = {c.name: case.dump(c) for c in (carol, alice, bob)}
    at_alice = [c for c in dumps["alice"]["contacts"] if c["alias"] == "Carol"]
    at_bob = [c for c in dumps["bob"]["contacts"] if c["alias"] == "Carol"]
    check(len(at_alice) == 1 and len(at_bob) == 1, "each has carol once")
    # What each contact received from carol: her link's key and her bundle.
    received = {
        "alice": [link_key(link_c2a["link"])] + [bytes.fromhex(at_alice[0]["peer"][k]) for k in
                                                 ("static_key", "service_key",
                                                  "client_auth_key")],
        "bob": [link_key(link_c2b["link"])] + [bytes.fromhex(at_bob[0]["peer"][k]) for k in
                                               ("static_key", "service_key", "client_auth_key")],
    }
    check(at_alice[0]["peer"]["onion"] != at_bob[0]["peer"]["onion"], "one onion address")
    for key_a in received["alice"]:
        for key_b in received["bob"]:
            check(not shared_windows(key_a, key_b, 6), "a key shares bytes across contacts")
    # The bundles as stored: only their framing (version, tags, lengths: at
    # most 4 bytes in a row) may repeat, so no 8-byte window may.
    common = shared_windows(bytes.fromhex(at_alice[0]["peer_data"]),
                            bytes.fromhex(at_bob[0]["peer_data"]), 8)
    check(not common, f"the bundles share {len(common)} 8-byte windows")
    # Carol's own secret keys for the two share nothing either.
    own = {c["alias"]: bytes.fromhex(c["secret_keys"]) for c in dumps["carol"]["contacts"]}
    check(not shared_windows(own["Alice"][1:], own["Bob"][1:], 6), "carol reuses a secret")
    figure("keys compared across carol's two contacts", f"{4 * 4} pairs, none shared")


def socks_connect(port, onion, timeout=60):
    """SOCKS5 CONNECT to onion:80 through a tor client; returns the reply code."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"\x05\x01\x00")
        check(s.recv(2) == b"\x05\x00", "SOCKS method")
        host = onion.encode()
        s.sendall(b"\x05\x01\x00\x03" + bytes([len(host)]) + host + struct.pack(">H", 80))
        reply = s.recv(4)
        check(len(reply) >= 2 and reply[0] == 5, f"SOCKS reply {reply!r}")
        return reply[1]


def case_intruders(case):
    alice, bob, mallory = case.person("alice"), case.person("bob"), case.person("mallory")
    for chive in (alice, bob, mallory):
        chive.request("create", password=PASSWORD)
    bob_at_alice, alice_at_bob, seconds, ia, ib = pair(alice, bob, "Bob", "Alice")
    figure("links entered to both connected (s)", f"{seconds:.1f}")

    # Mallory got hold of the link alice gave bob, and of bob's.
    mallory.request("add_contact", alias="Alice?", link=ia["link"])
    mallory.request("add_contact", alias="Bob?", link=ib["link"])
    # Alice is tricked into entering bob's old link again: refused.
    again = alice.call("add_contact", alias="Bob again", link=ib["link"])
    check(again.get("ok") is False, f"an already used link is refused: {again}")
    figure("an already used link", f"{again['error']['code']}: {again['error']['message']}")

    # Bob stops so his keys can be read: the onion address of alice's service
    # for bob, and the client-auth key that reaches it.
    check(bob.close() == 0, "bob quits")
    bob_view = [c for c in case.dump(bob)["contacts"] if c["alias"] == "Alice"][0]
    onion = bob_view["peer"]["onion"]

    # A tor client without the client-auth key cannot reach alice's service.
    port = case.network.client("mallory-tor")
    codes = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        code = socks_connect(port, onion)
        codes.append(code)
        if code in (0xF4, 0x00):
            break
        time.sleep(3)
    check(codes[-1] == 0xF4, f"without the key: SOCKS codes {[hex(c) for c in codes]}")
    figure("SOCKS reply without the client-auth key", hex(codes[-1]) +
           " (onion service missing client authorization)")

    # Control: the same client with bob's key gets through (so the refusal
    # above is client authorization, not an unreachable service).
    auth_dir = os.path.join(case.work, "mallory-auth")
    os.makedirs(auth_dir, mode=0o700)
    service_id = onion[:-len(".onion")]
    private = base64.b32encode(bytes.fromhex(bob_view["own"]["client_auth_private"]))
    with open(os.path.join(auth_dir, "alice.auth_private"), "w") as f:
        f.write(f"{service_id}:descriptor:x25519:{private.decode().rstrip('=')}\n")
    os.chmod(os.path.join(auth_dir, "alice.auth_private"), 0o600)
    keyed = case.network.client("keyed-tor", f"ClientOnionAuthDir {auth_dir}")
    codes = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        codes.append(socks_connect(keyed, onion))
        if codes[-1] == 0x00:
            break
        time.sleep(3)
    check(codes[-1] == 0x00, f"with the key: SOCKS codes {[hex(c) for c in codes]}")

    # Mallory's two attempts never became contacts, anywhere.
    time.sleep(10)
    check(mallory.request("contacts")["contacts"] == [], "mallory got a contact")
    check([c["alias"] for c in alice.request("contacts")["contacts"]] == ["Bob"],
          "alice got a new contact")
    check(alice.request("invitations")["invitations"] == [], "alice got an invitation")


CASES = {
    "pair_chat": case_pair_chat,
    "offline_delivery": case_offline_delivery,
    "unlinkability": case_unlinkability,
    "intruders": case_intruders,
}


def main():
    binary, dump, name, work = sys.argv[1:5]
    work = os.path.join(work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    case = Case(binary, dump, work)
    started = time.monotonic()
    failed = None
    try:
        CASES[name](case)
    except (AssertionError, HeadlessError, subprocess.CalledProcessError) as failure:
        failed = failure
    cleanup = case.finish()
    if failed is None and not cleanup:
        print(f"ok {name} ({time.monotonic() - started:.1f} s)")
        shutil.rmtree(work, ignore_errors=True)
        return 0
    print(f"FAIL {name}: {failed or cleanup}", file=sys.stderr)
    for path in sorted(os.listdir(work)):
        if path.endswith(".stderr.log"):
            print(f"--- {path}", file=sys.stderr)
            with open(os.path.join(work, path), errors="replace") as f:
                print(f.read()[-3000:], file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

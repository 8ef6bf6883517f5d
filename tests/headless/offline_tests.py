"""Headless-mode tests that need no Tor network (Tor runs with --offline).

Run one case: python3 offline_tests.py CHIVE CASE WORKDIR
Each case starts its own `chive --headless` processes in a fresh directory
under WORKDIR and ends every one of them.
"""

import os
import random
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import Chive, HeadlessError, files_containing  # noqa: E402

PASSWORD = "correct horse battery staple 7f3a"
NEW_PASSWORD = "a different passphrase 91c2"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def error_code(reply):
    check(reply.get("ok") is False, f"expected an error reply, got {reply}")
    check(set(reply["error"]) == {"code", "message"} and reply["error"]["message"],
          f"an error needs a code and a message: {reply}")
    return reply["error"]["code"]


def still_answers(chive):
    reply = chive.request("status")
    check(reply["profile"] in ("missing", "locked", "unlocked"), f"bad status {reply}")


def case_lifecycle(binary, work):
    chive = Chive(binary, os.path.join(work, "p"))
    try:
        status = chive.request("status")
        check(status["profile"] == "missing", f"fresh directory: {status}")
        check(status["tor"] is None and status["messenger"] is False, f"{status}")
        check(error_code(chive.call("unlock", password=PASSWORD)) == "not_found",
              "unlock of a missing profile")
        check(error_code(chive.call("contacts")) == "locked", "contacts before unlock")

        created = chive.request("create", password=PASSWORD)
        check(created["profile"] == "unlocked", f"create leaves it unlocked: {created}")
        check(error_code(chive.call("create", password=PASSWORD)) == "already_exists",
              "second create")
        check(error_code(chive.call("unlock", password=PASSWORD)) == "already_exists",
              "unlock while unlocked")
        status = chive.request("status")
        check(status["profile"] == "unlocked", f"{status}")
        check(status["tor"] is not None and 0 <= status["tor"]["progress"] <= 100,
              f"Tor runs after create: {status}")

        check(chive.request("lock")["profile"] == "locked", "lock")
        check(error_code(chive.call("lock")) == "locked", "lock twice")
        check(error_code(chive.call("contacts")) == "locked", "contacts after lock")
        check(chive.request("status")["profile"] == "locked", "status after lock")

        check(error_code(chive.call("unlock", password="not the password")) == "wrong_password",
              "wrong password")
        check(error_code(chive.call("change_password", old_password=PASSWORD,
                                    new_password=NEW_PASSWORD)) == "locked",
              "change_password while locked")
        chive.request("unlock", password=PASSWORD)
        check(error_code(chive.call("change_password", old_password="wrong old",
                                    new_password=NEW_PASSWORD)) == "wrong_password",
              "change_password with a wrong old password")
        check(error_code(chive.call("change_password", old_password=PASSWORD,
                                    new_password="")) == "invalid_argument",
              "empty new password")
        chive.request("change_password", old_password=PASSWORD, new_password=NEW_PASSWORD)
        chive.request("lock")
        check(error_code(chive.call("unlock", password=PASSWORD)) == "wrong_password",
              "the old password after a change")
        chive.request("unlock", password=NEW_PASSWORD)
        check(chive.close() == 0, "exit code after quit")

        # A new process opens the profile with the new password only.
        chive.restart()
        check(chive.request("status")["profile"] == "locked", "a new process starts locked")
        check(error_code(chive.call("unlock", password=PASSWORD)) == "wrong_password",
              "old password, new process")
        chive.request("unlock", password=NEW_PASSWORD)
        # A second process cannot take a profile that is in use.
        other = Chive(binary, os.path.join(work, "p"), name="second")
        try:
            check(error_code(other.call("unlock", password=NEW_PASSWORD)) == "already_exists",
                  "a second process on an unlocked profile")
        finally:
            other.close()
        check(chive.close() == 0, "exit code after quit")
    finally:
        chive.close()


def malformed_lines():
    rng = random.Random(6)
    garbage = bytes(rng.randrange(256) for _ in range(4096)).replace(b"\n", b"")
    return [
        (b"this is not json", "malformed"),
        (b"{\"id\": 1, \"cmd\": \"status\"", "malformed"),          # cut short
        (b"{\"id\": 1, \"cmd\": \"status\"}}", "malformed"),        # trailing bytes
        (b"[1, 2, 3]", "malformed"),                                # not an object
        (b"\"status\"", "malformed"),
        (b"42", "malformed"),
        (b"null", "malformed"),
        (b"[" * 100000 + b"]" * 100000, "malformed"),               # deep nesting
        (b"{\"a\":" * 20 + b"1" + b"}" * 20, "malformed"),
        (garbage, "malformed"),                                     # binary garbage
        (b"\x00\x00\x00\x00", "malformed"),
        (b"{\"cmd\": \"st\xffatus\"}", "malformed"),                # invalid UTF-8
        (b"{\"cmd\": \"status\", \"x\": \"\x01\"}", "malformed"),   # raw control char
        (b"\xef\xbb\xbf{\"cmd\": \"status\"}", None),               # a BOM is fine
    ]


def typed_mistakes():
    return [
        ({"cmd": 5}, "invalid_argument"),
        ({"cmd": None}, "invalid_argument"),
        ({"command": "status"}, "invalid_argument"),
        ({"cmd": ["status"]}, "invalid_argument"),
        ({"cmd": "frobnicate"}, "unknown_command"),
        ({"cmd": "STATUS"}, "unknown_command"),
        ({"cmd": "x" * 10000}, "unknown_command"),
        ({"cmd": "unlock"}, "invalid_argument"),
        ({"cmd": "unlock", "password": 12345}, "invalid_argument"),
        ({"cmd": "unlock", "password": ["a"]}, "invalid_argument"),
        ({"cmd": "unlock", "password": ""}, "invalid_argument"),
        ({"cmd": "unlock", "password": "p" * 5000}, "too_large"),
        ({"cmd": "history", "contact": "1"}, "invalid_argument"),
        ({"cmd": "history", "contact": 1.5}, "invalid_argument"),
        ({"cmd": "history", "contact": -1}, "invalid_argument"),
        ({"cmd": "history", "contact": 2 ** 64 - 1}, "invalid_argument"),
        ({"cmd": "history", "contact": 1, "limit": 0}, "invalid_argument"),
        ({"cmd": "history", "contact": 1, "limit": 100000}, "invalid_argument"),
        ({"cmd": "send", "contact": 1}, "invalid_argument"),
        ({"cmd": "send", "contact": 1, "text": {"a": 1}}, "invalid_argument"),
        ({"cmd": "new_invitation", "alias": "x", "qr": "yes"}, "invalid_argument"),
        ({"cmd": "mark_verified", "contact": 1, "verified": 1}, "invalid_argument"),
        ({"cmd": "add_contact", "alias": "bob"}, "invalid_argument"),
        ({"cmd": "status", "id": {"nested": 1}}, "invalid_argument"),
        ({"cmd": "status", "id": "i" * 300}, "invalid_argument"),
    ]


def case_malformed(binary, work):
    import json
    chive = Chive(binary, os.path.join(work, "p"))
    try:
        for line, code in malformed_lines():
            chive.write_raw(line + b"\n")
            if code is None:
                reply = chive.anonymous_reply()
                check(reply.get("ok") is True, f"{line[:40]!r}: {reply}")
            else:
                reply = chive.anonymous_reply()
                check(error_code(reply) == code, f"{line[:40]!r}: expected {code}, got {reply}")
                check("password" not in reply["error"]["message"], f"{reply}")
            still_answers(chive)

        for message, code in typed_mistakes():
            message = dict(message)
            message.setdefault("id", "t")
            chive.write_raw((json.dumps(message) + "\n").encode())
            expect_id = message["id"] if isinstance(message["id"], (int, str)) and \
                len(str(message["id"])) <= 256 else None
            if expect_id is None:
                reply = chive.anonymous_reply()
            else:
                reply = chive.call("status")  # the reply to the mistake came before
                check(reply.get("ok"), "status after a mistake")
                reply = chive._replies.pop(expect_id, None) if hasattr(chive, "_replies") else None
                check(reply is not None, f"no reply with id {expect_id!r} to {message}")
            got = error_code(reply)
            check(got == code, f"{str(message)[:80]}: expected {code}, got {reply}")

        # Unknown fields are ignored.
        reply = chive.request("status", colour="green", extra={"deep": [1, 2]})
        check(reply["profile"] == "missing", f"{reply}")
        # Ids come back as they were given.
        for request_id in (0, -7, 2 ** 63 - 1, 2 ** 64 - 1, 1.5, "abc", "ünï"):
            chive.write_raw((json.dumps({"id": request_id, "cmd": "status"}) + "\n").encode())
            deadline = time.monotonic() + 30
            while request_id not in chive._replies:
                check(time.monotonic() < deadline, f"no reply for id {request_id!r}")
                time.sleep(0.05)
            check(chive._replies.pop(request_id)["ok"], f"id {request_id!r}")
        # CRLF and blank lines.
        chive.write_raw(b"\r\n   \n" + json.dumps({"id": "crlf", "cmd": "status"}).encode() + b"\r\n")
        deadline = time.monotonic() + 30
        while "crlf" not in chive._replies:
            check(time.monotonic() < deadline, "no reply to a CRLF line")
            time.sleep(0.05)

        # An oversized line: refused once, the rest skipped, the next line answered.
        huge = b"{\"id\": 99, \"cmd\": \"status\", \"pad\": \"" + b"x" * (3 * 1024 * 1024) + b"\"}"
        chive.write_raw(huge + b"\n")
        reply = chive.anonymous_reply()
        check(error_code(reply) == "too_large", f"oversized line: {reply}")
        still_answers(chive)
        check(99 not in chive._replies, "the oversized line must not be executed")
        # One that stops just under the limit is parsed.
        pad = 1024 * 1024 - len(b"{\"id\": 98, \"cmd\": \"status\", \"pad\": \"\"}")
        chive.write_raw(b"{\"id\": 98, \"cmd\": \"status\", \"pad\": \"" + b"y" * pad + b"\"}\n")
        reply = chive.call("status")
        check(reply["ok"], "status after a line at the limit")
        check(chive._replies.get(98, {}).get("ok"), "a line of exactly 1 MiB is accepted")

        # The same after unlocking.
        chive.request("create", password=PASSWORD)
        for line, code in malformed_lines()[:6]:
            chive.write_raw(line + b"\n")
            check(error_code(chive.anonymous_reply()) == code, f"{line[:40]!r} when unlocked")
        check(chive.request("status")["profile"] == "unlocked", "still unlocked")
        check(chive.close() == 0, "exit code")
        check(PASSWORD not in chive.stderr_text(), "the password is in the log")
    finally:
        chive.close()


def case_secrets(binary, work):
    profile = os.path.join(work, "p")
    chive = Chive(binary, profile)
    try:
        chive.request("create", password=PASSWORD)
        chive.request("lock")
        chive.request("unlock", password=PASSWORD)
        chive.request("change_password", old_password=PASSWORD, new_password=NEW_PASSWORD)
        for name in ("cmdline", "environ"):
            with open(f"/proc/{chive.pid}/{name}", "rb") as f:
                data = f.read()
            for secret in (PASSWORD, NEW_PASSWORD):
                check(secret.encode() not in data, f"a password is in /proc/pid/{name}")
        check(not any(PASSWORD.encode() in line or NEW_PASSWORD.encode() in line
                      for line in chive.stdout_lines()), "a password is echoed on stdout")
        chive.close()
        log = chive.stderr_text()
        check(PASSWORD not in log and NEW_PASSWORD not in log, "a password is in stderr")
        for secret in (PASSWORD, NEW_PASSWORD):
            hits = files_containing(profile, secret.encode())
            check(not hits, f"a password is in {hits}")
    finally:
        chive.close()


def case_signals(binary, work):
    # SIGTERM and SIGINT end the process cleanly (Tor stopped and joined), and
    # so does the end of stdin.
    for number, how in enumerate(("SIGTERM", "SIGINT", "eof")):
        chive = Chive(binary, os.path.join(work, f"p{number}"))
        try:
            chive.request("create", password=PASSWORD)
            if how == "eof":
                chive.process.stdin.close()
                code = chive.process.wait(timeout=30)
                chive._finish()
            else:
                chive.process.send_signal(getattr(signal, how))
                code = chive.process.wait(timeout=30)
                chive._finish()
            check(code == 0, f"{how}: exit code {code}")
            check("headless mode ends" in chive.stderr_text(), f"{how}: no clean end")
        finally:
            if chive.alive():
                chive.kill9()


def case_invitations(binary, work):
    # Messenger commands that need no network: invitations, links, errors for
    # unknown ids; invitations survive lock and a restart.
    import subprocess
    chive = Chive(binary, os.path.join(work, "p"))
    try:
        chive.request("create", password=PASSWORD)
        made = chive.request("new_invitation", alias="Bob", qr=True)
        invitation = made["invitation"]
        check(invitation["alias"] == "Bob" and invitation["link"].startswith("chive:"),
              f"{made}")
        check(invitation["peer_link_entered"] is False, f"{made}")
        check(invitation["expires_at"] > time.time() * 1000 + 6 * 24 * 3600 * 1000,
              "an invitation lives about 7 days")
        event = chive.wait_event(lambda e: e["event"] == "invitation", what="invitation event")
        check(event["invitation"]["id"] == invitation["id"], f"{event}")

        # The QR code (SVG) reads back to the link, upper-cased for QR.
        svg_path = os.path.join(work, "qr.svg")
        png_path = os.path.join(work, "qr.png")
        with open(svg_path, "w") as f:
            f.write(made["qr_svg"])
        subprocess.run(["rsvg-convert", "-w", "330", svg_path, "-o", png_path], check=True)
        read = subprocess.run(["zbarimg", "-q", "--raw", png_path], capture_output=True,
                              check=True).stdout.decode().strip()
        check(read == made["qr_text"] and read.lower() == invitation["link"],
              f"QR reads {read!r}, link {invitation['link']!r}")
        check("qr_svg" not in chive.request("new_invitation", alias="NoQr"), "qr is opt-in")

        listed = chive.request("invitations")["invitations"]
        check([i["alias"] for i in listed] == ["Bob", "NoQr"], f"{listed}")

        own = chive.call("add_contact", alias="me", link=invitation["link"])
        check(error_code(own) == "invalid_argument" and "own" in own["error"]["message"],
              f"own link: {own}")
        # One character changed in the middle: the checksum catches it.
        link = invitation["link"]
        middle = len(link) // 2
        broken = link[:middle] + ("a" if link[middle] != "a" else "b") + link[middle + 1:]
        reply = chive.call("add_contact", alias="x", link=broken)
        check(error_code(reply) == "corrupt" and "checksum" in reply["error"]["message"],
              f"bad checksum: {reply}")
        check(error_code(chive.call("add_contact", alias="x", link="https://example.org")) in
              ("malformed", "invalid_argument"), "not a chive link")
        check(error_code(chive.call("add_contact", invitation=999, link=invitation["link"])) ==
              "not_found", "unknown invitation")
        for command, fields in (("rename", {"contact": 42, "alias": "x"}),
                                ("delete_contact", {"contact": 42}),
                                ("safety_number", {"contact": 42}),
                                ("mark_verified", {"contact": 42}),
                                ("send", {"contact": 42, "text": "hello"}),
                                ("history", {"contact": 42}),
                                ("mark_read", {"contact": 42}),
                                ("delete_conversation", {"contact": 42}),
                                ("delete_message", {"message": 42}),
                                ("contact", {"contact": 42}),
                                ("cancel_invitation", {"invitation": 42})):
            reply = chive.call(command, **fields)
            check(error_code(reply) == "not_found", f"{command} of an unknown id: {reply}")
        check(chive.request("search", query="hello")["messages"] == [], "search, nothing")
        check(chive.request("contacts")["contacts"] == [], "no contacts")

        chive.request("cancel_invitation", invitation=listed[1]["id"])
        chive.wait_event(lambda e: e["event"] == "invitation_removed" and
                         e["invitation"] == listed[1]["id"], what="invitation_removed")
        chive.request("lock")
        check(error_code(chive.call("invitations")) == "locked", "locked")
        chive.request("unlock", password=PASSWORD)
        again = chive.request("invitations")["invitations"]
        check(again == [invitation], f"after lock and unlock: {again}")
        status = chive.request("status")
        check(status["messenger"] is True and status["invitations"] == 1 and
              status["contacts"] == 0, f"{status}")
        check(chive.close() == 0, "exit code")
        chive.restart()
        chive.request("unlock", password=PASSWORD)
        check(chive.request("invitations")["invitations"] == [invitation], "after a restart")
        check(chive.close() == 0, "exit code")
    finally:
        chive.close()


CASES = {
    "invitations": case_invitations,
    "lifecycle": case_lifecycle,
    "malformed": case_malformed,
    "secrets": case_secrets,
    "signals": case_signals,
}


def main():
    binary, case, work = sys.argv[1], sys.argv[2], sys.argv[3]
    work = os.path.join(work, case)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    started = time.monotonic()
    try:
        CASES[case](binary, work)
    except (AssertionError, HeadlessError) as failure:
        print(f"FAIL {case}: {failure}", file=sys.stderr)
        for path in sorted(os.listdir(work)):
            if path.endswith(".stderr.log"):
                print(f"--- {path}", file=sys.stderr)
                with open(os.path.join(work, path), errors="replace") as f:
                    print(f.read()[-4000:], file=sys.stderr)
        return 1
    print(f"ok {case} ({time.monotonic() - started:.1f} s)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

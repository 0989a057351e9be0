#!/usr/bin/python3
# test-dogtail-call.py: a call made through AT-SPI, the way a person makes it: choose the
# demo service, select Ping, type into the form's data field, press Call, read the reply.
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs a display, a session bus and python3-dogtail: run under xvfb-run and
# dbus-run-session with /usr/bin/python3 (build-aux/dev test does all of this).
# VARLINK_EXPLORER is the program to test, VARLINK_EXPLORER_DEMO the demo service.

import os
import subprocess
import sys
import time

from dogtail_common import (DEADLINE, ensure_accessibility_bus, find_application, labels_of,  # noqa: F401
                            log, predicate, rawinput, row_with_label, tree, wait_for)

TEXT = "hello from AT-SPI"


def find_data_field(application):
    """The form's entry for the field data, named by its label."""
    for role in ("text", "entry"):
        for node in application.findChildren(predicate.GenericPredicate(roleName=role)):
            if node.name == "data":
                return node
    return None


def find_reply(application):
    """The reply tree's row for data, whose accessible name says field, type and value."""
    for node in application.findChildren(predicate.GenericPredicate(roleName="list item")):
        if node.name.startswith("data, string: ") and TEXT in node.name:
            return node.name
    return None


def main():
    program = os.environ.get("VARLINK_EXPLORER")
    if not program or not os.access(program, os.X_OK):
        print("Bail out! VARLINK_EXPLORER must name the built varlink-explorer")
        return 1

    bus_launcher = ensure_accessibility_bus()
    env = dict(os.environ)
    # The suite turns accessibility off for the other tests; this one needs it.
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    app_process = subprocess.Popen([program], env=env)

    try:
        application = wait_for("the application on the accessibility bus",
                               lambda: find_application("varlink-explorer"))
        log("found %s" % application)

        demo = wait_for("the Demo service row",
                        lambda: application.child(name="Demo service", roleName="list item",
                                                  retry=False))
        assert demo.select(), "the Demo service row could not be selected"

        interfaces = wait_for("the interface tree",
                              lambda: application.child(name="Interfaces", roleName="list",
                                                        retry=False))
        row = wait_for("the interface org.example.demo",
                       lambda: row_with_label(interfaces, "org.example.demo"))
        expander = wait_for("the expander of org.example.demo",
                            lambda: next(node for node in row.findChildren(lambda n: True)
                                         if "listitem.expand" in node.actions))
        expander.doActionNamed("listitem.expand")

        ping = wait_for("the method Ping", lambda: row_with_label(interfaces, "Ping"))
        assert ping.select(), "the Ping row could not be selected"
        wait_for("the Ping row to be selected", lambda: ping.selected)

        # Type into the form, as a person would.
        field = wait_for("the form's data field", lambda: find_data_field(application))
        log("the form has a field %s (%s)" % (field.name, field.roleName))
        # GTK 4.8 offers neither focus nor editable text through AT-SPI: click into the
        # field where it is and type on the keyboard.
        log("the field is at %s, size %s" % (field.position, field.size))
        field.click()
        time.sleep(0.5)
        rawinput.typeText(TEXT)
        # GTK 4.8 does not expose the entry's text either: the reply below shows that the
        # typing reached the form.
        time.sleep(0.5)

        # GTK 4.8 names a button with a mnemonic "_Call Call".
        call = wait_for("the Call button",
                        lambda: next(node for node in application.findChildren(
                            predicate.GenericPredicate(roleName="push button"))
                            if node.name.split(" ")[-1] == "Call"))
        call.doActionNamed("click")

        shown = wait_for("the reply", lambda: find_reply(application))
        log("the reply shows: " + shown)
    finally:
        app_process.terminate()
        try:
            app_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app_process.kill()
            app_process.wait()
        if bus_launcher is not None:
            bus_launcher.terminate()
            bus_launcher.wait()

    print("ok - fill a form, call, see the reply, through AT-SPI")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as error:
        print("Bail out! %s" % error)
        sys.exit(1)

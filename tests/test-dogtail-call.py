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

import time

from dogtail_common import (log, open_demo_interface, predicate, rawinput, row_with_label,
                            run, running_app, wait_for)

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
    with running_app() as application:
        interfaces = open_demo_interface(application)

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

    print("ok - fill a form, call, see the reply, through AT-SPI")
    return 0


if __name__ == "__main__":
    run(main)

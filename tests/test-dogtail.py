#!/usr/bin/python3
# test-dogtail.py: Varlink Explorer driven through AT-SPI, the way a person uses it: choose
# the demo service in the sidebar, expand its interface, select a method, read its text.
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

        # Choose the demo service in the sidebar.
        demo = wait_for("the Demo service row",
                        lambda: application.child(name="Demo service", roleName="list item",
                                                  retry=False))
        assert demo.select(), "the Demo service row could not be selected"

        # Its interfaces appear in the tree.
        interfaces = wait_for("the interface tree",
                              lambda: application.child(name="Interfaces", roleName="list",
                                                        retry=False))
        row = wait_for("the interface org.example.demo",
                       lambda: row_with_label(interfaces, "org.example.demo"))
        log("the tree shows org.example.demo")

        # Expand it, as the arrow does.
        expander = wait_for("the expander of org.example.demo",
                            lambda: next(node for node in row.findChildren(lambda n: True)
                                         if "listitem.expand" in node.actions))
        expander.doActionNamed("listitem.expand")

        # Select the method Count.
        count = wait_for("the method Count", lambda: row_with_label(interfaces, "Count"))
        assert count.select(), "the Count row could not be selected"

        wait_for("the Count row to be selected", lambda: count.selected)

        # Its page shows on the right, with its declaration.
        def declaration():
            for label in application.findChildren(predicate.GenericPredicate(roleName="label")):
                if label.name.startswith("method Count("):
                    return label.name
            return None

        shown = wait_for("the declaration of Count", declaration)
        log("the method page shows: " + shown.strip())
        assert "-> (value: int)" in shown, shown
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

    print("ok - the demo service, its interface and a method, through AT-SPI")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as error:
        print("Bail out! %s" % error)
        sys.exit(1)

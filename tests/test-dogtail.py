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


from dogtail_common import (log, open_demo_interface, predicate, row_with_label, run,
                            running_app, wait_for)


def main():
    with running_app() as application:
        interfaces = open_demo_interface(application)

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

    print("ok - the demo service, its interface and a method, through AT-SPI")
    return 0


if __name__ == "__main__":
    run(main)

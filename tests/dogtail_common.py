# dogtail_common.py: what the AT-SPI tests share: dogtail set up for a test session,
# bounded waits, and finding the app, its rows and labels.
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import os
import subprocess
import sys
import time

try:
    from dogtail.config import config
except ImportError:
    print("Bail out! python3-dogtail is missing: install it (apt install python3-dogtail), "
          "or run build-aux/dev test, which installs it")
    sys.exit(1)

# The check looks at the GNOME desktop setting, which a test session does not have; the
# app is made accessible below instead.
config.checkForA11y = False
config.searchBackoffDuration = 0.5
config.searchCutoffCount = 20
config.logDebugToFile = False

from dogtail import predicate, rawinput, tree  # noqa: E402,F401 (after the configuration; rawinput is for the tests)

DEADLINE = 30


def log(message):
    print("# " + message, flush=True)


def wait_for(what, find, deadline=DEADLINE):
    """Calls find until it returns something, for at most deadline seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            found = find()
        except Exception:  # dogtail raises while the tree is changing
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError("timed out after %d s waiting for %s" % (deadline, what))


def find_application(name):
    for application in tree.root.applications():
        if application.name == name:
            return application
    return None


def labels_of(node):
    return [label.name for label in node.findChildren(predicate.GenericPredicate(roleName="label"))]


def row_with_label(view, text):
    """The list item of view that shows a label text, or None."""
    for item in view.findChildren(predicate.GenericPredicate(roleName="list item"),
                                  recursive=False):
        if text in labels_of(item):
            return item
    return None


def ensure_accessibility_bus():
    """GTK talks to the AT-SPI bus; start it when the session does not activate it."""
    probe = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                            "--object-path", "/org/a11y/bus",
                            "--method", "org.a11y.Bus.GetAddress"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode == 0:
        return None
    log("starting the AT-SPI bus")
    return subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])


@contextlib.contextmanager
def running_app():
    """Starts the built app (VARLINK_EXPLORER) with accessibility on, yields its accessible
    application, and stops it (and an AT-SPI bus it started) afterwards."""
    program = os.environ.get("VARLINK_EXPLORER")
    if not program or not os.access(program, os.X_OK):
        raise AssertionError("VARLINK_EXPLORER must name the built varlink-explorer")

    bus_launcher = ensure_accessibility_bus()
    env = dict(os.environ)
    # The suite turns accessibility off for the other tests; these need it.
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    app_process = subprocess.Popen([program], env=env)

    try:
        application = wait_for("the application on the accessibility bus",
                               lambda: find_application("varlink-explorer"))
        log("found %s" % application)
        yield application
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


def open_demo_interface(application):
    """Chooses the Demo service in the sidebar and expands org.example.demo, as a person
    does; returns the interface tree."""
    demo = wait_for("the Demo service row",
                    lambda: application.child(name="Demo service", roleName="list item",
                                              retry=False))
    assert demo.select(), "the Demo service row could not be selected"

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
    return interfaces


def run(main):
    """Runs a test's main and reports a failed assertion in TAP terms."""
    try:
        sys.exit(main())
    except AssertionError as error:
        print("Bail out! %s" % error)
        sys.exit(1)

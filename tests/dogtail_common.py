# dogtail_common.py: what the AT-SPI tests share: dogtail set up for a test session,
# bounded waits, and finding the app, its rows and labels.
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later

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

from dogtail import predicate, rawinput, tree  # noqa: E402 (after the configuration above)

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

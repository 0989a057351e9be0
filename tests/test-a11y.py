#!/usr/bin/python3
# test-a11y.py: the accessible tree of Varlink Explorer has no unlabeled control, and the
# keyboard reaches the sidebar, the service page, a call form and its Call button in order.
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app is walked over AT-SPI in several states (start, demo service opened, a call page,
# a reply, a `more` stream, the traffic and history panes, the connect dialog); every control
# that shows must have an accessible name. Each finding is printed with its role, the names
# of its ancestors and its tooltip, so that a person can find it.
#
# Needs a display, a session bus and python3-dogtail: run under xvfb-run and
# dbus-run-session with /usr/bin/python3 (build-aux/dev test does all of this).
# VARLINK_EXPLORER is the program to test, VARLINK_EXPLORER_DEMO the demo service.

import re
import time

import pyatspi
from gi.repository import GLib

from dogtail_common import (log, open_demo_interface, predicate, rawinput, row_with_label,
                            run, running_app, wait_for)

# AT-SPI roles a person operates. A list item counts when it can take focus or be acted on.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "switch", "combo box",
    "spin button", "entry", "text", "password text", "slider", "link", "page tab",
    "menu item", "check menu item", "radio menu item", "list item", "tree item",
}

# A socket nobody listens on.
NOBODY = "unix:/nonexistent/varlink-explorer-a11y-test.sock"

# GTK 4.8 answers a widget's type name when it has no accessible name at all.
TYPE_NAME = re.compile(r"^(Gtk|Adw|GtkSource|Explorer)[A-Z][A-Za-z]*$")


def extents(node):
    try:
        box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return None  # a GtkStackPage has no bounds of its own
    return box


def has_area(node):
    box = extents(node)
    return box is None or (box.width > 0 and box.height > 0)


def is_unnamed(name):
    return name is None or not name.strip() or TYPE_NAME.match(name.strip()) is not None


def relation_names(node, relation_type):
    names = []
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == relation_type:
                for i in range(relation.getNTargets()):
                    target = relation.getTarget(i)
                    if target is not None and target.name:
                        names.append(target.name)
    except Exception:
        pass
    return names


def accessible_name(node):
    """The node's name, or the names of what labels it; None when it has neither."""
    if not is_unnamed(node.name):
        return node.name
    labels = [name for name in relation_names(node, pyatspi.RELATION_LABELLED_BY)
              if not is_unnamed(name)]
    return " ".join(labels) if labels else None


def is_control(node, role, states):
    if role not in CONTROL_ROLES:
        return False
    if role == "list item":
        try:
            actionable = node.queryAction().nActions > 0
        except NotImplementedError:
            actionable = False
        return states.contains(pyatspi.STATE_FOCUSABLE) or actionable
    return True


def walk(node, path, visit):
    """Calls visit(node, role, states, path) on every node that shows: GTK 4.8 offers no
    SHOWING state below the window, so a node shows when it and its ancestors have an area
    (the pages of a stack that never showed have none; a page that showed once keeps its
    area, so its controls are checked too, which only makes the check stricter)."""
    try:
        role = node.getRoleName()
        states = node.getState()
        name = node.name
    except Exception:
        return  # the tree changed under us
    if role != "application" and (not states.contains(pyatspi.STATE_VISIBLE)
                                  or not has_area(node)):
        return
    visit(node, role, states, path)
    if name and not TYPE_NAME.match(name):
        path = path + ["%s “%s”" % (role, name)]
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, path, visit)


def shown_text(node):
    """The first text a node shows inside, to say which one it is."""
    try:
        for label in node.findChildren(predicate.GenericPredicate(roleName="label")):
            if label.name and not TYPE_NAME.match(label.name):
                return label.name[:60]
    except Exception:
        pass
    return None


def unlabeled_controls(root):
    """The number of controls that show, and those without a name, grouped by where they
    are: {"ROLE named NAME, tooltip ..., in: PATH": [what each one shows, ...]}."""
    findings = {}
    counted = [0]

    def visit(node, role, states, path):
        if not is_control(node, role, states):
            return
        counted[0] += 1
        if accessible_name(node) is None:
            try:
                description = node.description
            except Exception:
                description = ""
            where = "%s named %r%s, in: %s" % (
                role, node.name,
                ", tooltip/description %r" % description if description else ", no tooltip",
                " > ".join(path[-5:]) or "(top)")
            box = extents(node)
            shown = shown_text(node)
            findings.setdefault(where, []).append(
                "%r at (%d, %d)" % (shown, box.x, box.y) if box else repr(shown))

    walk(root, [], visit)
    return counted[0], findings


def check_state(application, what, all_findings):
    started = time.monotonic()
    count, findings = unlabeled_controls(application)
    log("%s: %d controls, %d without a name (walked in %.1f s)"
        % (what, count, sum(len(shown) for shown in findings.values()),
           time.monotonic() - started))
    assert count > 0, "%s: no control found in the accessible tree" % what
    for where, shown in findings.items():
        log("  UNLABELED %d× %s; showing %s" % (len(shown), where, ", ".join(shown[:4])
                                               + (", …" if len(shown) > 4 else "")))
        all_findings.setdefault(where, []).append(what)


def find_node(root, role, test):
    found = []

    def visit(node, node_role, states, path):
        if node_role == role and test(node):
            found.append(node)

    walk(root, [], visit)
    return found[0] if found else None


def button_named(application, text, role="push button"):
    """The button whose name is text (GTK 4.8 names a button with a mnemonic "_Call Call")."""
    return find_node(application, role,
                     lambda node: node.name == text or node.name.endswith(" " + text))


def select_member(interfaces, name):
    row = wait_for("the member %s" % name, lambda: row_with_label(interfaces, name))
    assert row.select(), "the %s row could not be selected" % name
    wait_for("the %s row to be selected" % name, lambda: row.selected)
    return row


def press(node):
    node.doActionNamed("click")
    time.sleep(0.3)


def type_into(application, field_name, text):
    field = wait_for("the form's field %s" % field_name,
                     lambda: find_node(application, "text", lambda n: n.name == field_name))
    field.click()
    time.sleep(0.3)
    rawinput.keyCombo("<Control>a")
    rawinput.typeText(text)
    time.sleep(0.3)


# --- focus, followed through AT-SPI events ---

class FocusRecorder:
    def __init__(self):
        self.events = []
        self.fallbacks = 0
        pyatspi.Registry.registerEventListener(self.on_event, "object:state-changed:focused")

    def on_event(self, event):
        if event.detail1:
            self.events.append(event.source)

    def pump(self, seconds):
        context = GLib.MainContext.default()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while context.pending():
                context.iteration(False)
            time.sleep(0.02)

    def current(self, root, seconds=0.4):
        """The node focused now: the last one a focus event named, if it still has the
        focus, else the one the tree says is focused."""
        self.pump(seconds)
        if self.events:
            node = self.events[-1]
            try:
                if node.getState().contains(pyatspi.STATE_FOCUSED):
                    return node
            except Exception:
                pass
        self.fallbacks += 1
        focused = []
        walk(root, [], lambda node, role, states, path:
             focused.append(node) if states.contains(pyatspi.STATE_FOCUSED) else None)
        return focused[-1] if focused else None

    def close(self):
        pyatspi.Registry.deregisterEventListener(self.on_event, "object:state-changed:focused")


def describe(node):
    if node is None:
        return "(nothing)"
    try:
        names = []
        parent = node.parent
        while parent is not None and parent.getRoleName() not in ("frame", "application"):
            if parent.name and not TYPE_NAME.match(parent.name):
                names.append(parent.name)
            parent = parent.parent
        where = " in " + " < ".join(names[:3]) if names else ""
        return "%s “%s”%s" % (node.getRoleName(), node.name, where)
    except Exception:
        return "(gone)"


def ancestors_and_self(node):
    chain = []
    while node is not None:
        try:
            chain.append((node.getRoleName(), node.name))
            node = node.parent
        except Exception:
            break
    return chain


def landmark(node):
    """Which part of the window a focused node is in (the views without a name of their own
    are known by the type name GTK 4.8 gives them)."""
    chain = ancestors_and_self(node)
    names = [name for role, name in chain]
    roles = [role for role, name in chain]
    if roles[0] == "push button" and (names[0] == "Call" or names[0].endswith(" Call")):
        return "call"
    if "ExplorerParametersEditor" in names:
        return "form"
    for mark, view in (("sidebar", "ExplorerSidebar"), ("service page", "ExplorerServicePage"),
                       ("definition", "ExplorerDefinitionView"),
                       ("traffic", "ExplorerTrafficView"), ("history", "ExplorerHistoryView")):
        if view in names:
            return mark
    if "Services" in names[1:]:  # the sidebar, named as a landmark
        return "sidebar"
    return "other"


def tab_cycle(application, recorder):
    """Presses Tab until the focus comes back where it started; returns the focused nodes
    (None where GTK 4.8 does not expose the focused widget, as the text inside an
    AdwEntryRow). An editable text view takes Tab as text: leave it with Ctrl+Tab."""
    visited = []
    left_with_ctrl_tab = []
    start = recorder.current(application)
    assert start is not None, "no focused node to start from"
    visited.append(start)
    unexposed = 0
    for _ in range(150):
        focused = visited[-1]
        is_text_view = False
        if focused is not None:
            states = focused.getState()
            is_text_view = (focused.getRoleName() == "text"
                            and states.contains(pyatspi.STATE_MULTI_LINE)
                            and states.contains(pyatspi.STATE_EDITABLE))
        if is_text_view:
            rawinput.keyCombo("<Control>Tab")
        else:
            rawinput.pressKey("Tab")
        after = recorder.current(application)
        if after is not None and after == focused:
            after = recorder.current(application, 1.5)  # a busy machine: give it time
        if after is None:
            unexposed += 1
            assert unexposed <= 2, "the focus is nowhere to be seen after %d presses of Tab " \
                "from %s" % (unexposed, describe(visited[-unexposed]))
        else:
            unexposed = 0
            if after == focused:
                raise AssertionError("Tab%s does not leave %s: a keyboard trap"
                                     % (" (Ctrl+Tab)" if is_text_view else "",
                                        describe(focused)))
        if is_text_view:
            left_with_ctrl_tab.append(describe(focused))
        if after == start:
            return visited, left_with_ctrl_tab
        visited.append(after)
    raise AssertionError("150 presses of Tab did not come back to %s" % describe(start))


def check_keyboard(application, recorder, all_findings, wanted):
    visited, left_with_ctrl_tab = tab_cycle(application, recorder)
    log("Tab visits %d controls in a cycle (focus seen through %d events, %d tree walks):"
        % (len(visited), len(recorder.events), recorder.fallbacks))
    marks = []
    for node in visited:
        if node is None:
            log("  %-12s (a widget GTK does not expose, as the text inside an entry row)" % "?")
            continue
        mark = landmark(node)
        log("  %-12s %s" % (mark, describe(node)))
        # What the keyboard stops on is a control, whatever its role.
        if accessible_name(node) is None:
            finding = "focus stops on an unnamed %s (Tab order), in: %s" % (
                node.getRoleName(), describe(node))
            log("  UNLABELED " + finding)
            all_findings.setdefault(finding, []).append("Tab order")
        if not marks or marks[-1] != mark:
            marks.append(mark)
    for text_view in left_with_ctrl_tab:
        log("Ctrl+Tab left the text view %s" % text_view)
    log("landmarks in Tab order: " + ", ".join(marks))

    # The parts of the window come in the order wanted, counted from the first (after the
    # header bar): rotate the cycle to begin there.
    assert wanted[0] in marks, "Tab never reaches the %s" % wanted[0]
    first = marks.index(wanted[0])
    order = marks[first:] + marks[:first]
    positions = []
    for mark in wanted:
        assert mark in order, "Tab never reaches the %s (order: %s)" % (mark, ", ".join(order))
        positions.append(order.index(mark))
    assert positions == sorted(positions), \
        "Tab reaches %s in the order %s, wanted %s" % (", ".join(wanted), ", ".join(order),
                                                         ", ".join(wanted))


def check_text_view_leaves(application, recorder):
    """The JSON editor takes Tab as text (GtkSourceView); Ctrl+Tab must leave it."""
    json_tab = wait_for("the JSON tab", lambda: find_node(application, "page tab",
                                                          lambda n: n.name == "JSON"))
    press(json_tab)
    editor = wait_for("the JSON editor",
                      lambda: find_node(application, "text",
                                        lambda n: n.name == "Parameters as JSON"))
    editor.click()
    focused = recorder.current(application, 0.8)
    assert focused == editor, "a click into the JSON editor focused %s" % describe(focused)
    rawinput.pressKey("Tab")
    after_tab = recorder.current(application)
    if after_tab == editor:
        log("Tab in the JSON editor inserts a tab, as an editor does")
        rawinput.pressKey("BackSpace")
    else:
        log("Tab left the JSON editor for %s" % describe(after_tab))
        editor.click()
        recorder.current(application)
    rawinput.keyCombo("<Control>Tab")
    after = recorder.current(application)
    assert after is not None and after != editor, "Ctrl+Tab does not leave the JSON editor"
    log("Ctrl+Tab leaves the JSON editor for %s" % describe(after))
    form_tab = find_node(application, "page tab", lambda n: n.name == "Form")
    press(form_tab)


def main():
    findings = {}
    with running_app() as application:
        recorder = FocusRecorder()
        wait_for("the Demo service row",
                 lambda: application.child(name="Demo service", roleName="list item",
                                           retry=False))
        check_state(application, "start", findings)

        interfaces = open_demo_interface(application)
        select_member(interfaces, "org.example.demo")
        wait_for("the interface's description",
                 lambda: find_node(application, "text",
                                   lambda n: n.name == "Interface description"))
        check_state(application, "the demo service, its interface shown", findings)

        select_member(interfaces, "Echo")
        call = wait_for("the Call button", lambda: button_named(application, "Call"))
        check_state(application, "the call page of Echo", findings)

        # Keyboard: a whole Tab cycle over the window with Echo's form, then the JSON editor.
        # Move the pointer onto the window: without a window manager, X gives the keyboard
        # to the window under the pointer.
        box = extents(application.getChildAtIndex(0))
        rawinput.absoluteMotion(box.x + box.width // 2, box.y + 20)
        check_keyboard(application, recorder, findings,
                       ["sidebar", "service page", "form", "call"])
        check_text_view_leaves(application, recorder)

        press(call)
        wait_for("Echo's reply",
                 lambda: find_node(application, "list item",
                                   lambda n: n.name.startswith("value, ")))
        check_state(application, "a reply of Echo", findings)

        select_member(interfaces, "Count")
        type_into(application, "from", "1")
        type_into(application, "to", "40")
        more = wait_for("the more flag", lambda: find_node(
            application, "push button", lambda n: "“more”" in n.name))
        # GTK 4.8 shows an active toggle button as a pressed push button.
        if not (more.getState().contains(pyatspi.STATE_PRESSED)
                or more.getState().contains(pyatspi.STATE_CHECKED)):
            press(more)
        press(wait_for("the Call button", lambda: button_named(application, "Call")))
        wait_for("the stream of Count in the reply log",
                 lambda: find_node(application, "label",
                                   lambda n: n.name.startswith("40 replies")))
        check_state(application, "a more stream of Count", findings)

        press(wait_for("the traffic button",
                       lambda: button_named(application, "Show the traffic on the wire")))
        press(wait_for("the history button",
                       lambda: button_named(application, "Show the history of calls")))
        wait_for("the history's calls", lambda: find_node(
            application, "list", lambda n: n.name == "Calls"))
        time.sleep(1)
        check_state(application, "the traffic and history panes", findings)

        rawinput.keyCombo("<Control>l")
        dialog = wait_for("the connect dialog", lambda: next(
            (window for window in application.children
             if window.name != "Varlink Explorer" or window.getRoleName() == "dialog"), None))
        log("the connect dialog: %s “%s”" % (dialog.getRoleName(), dialog.name))
        check_state(dialog, "the connect dialog", findings)

        # An address nobody answers on joins the recent ones (a row with its own buttons)
        # and shows the service page's error.
        address = wait_for("the dialog's address field", lambda: find_node(
            dialog, "text", lambda n: n.name == "Address"))
        address.click()
        time.sleep(0.3)
        rawinput.typeText(NOBODY)
        press(wait_for("the Connect button", lambda: button_named(dialog, "Connect")))
        wait_for("the recent address in the sidebar", lambda: find_node(
            application, "push button", lambda n: n.name == "Remove from the list"))
        wait_for("the service page's error", lambda: button_named(application, "Try Again"))
        check_state(application, "a recent address that does not answer", findings)

        # The keyboard reaches the traffic and history panes too, after the views.
        check_keyboard(application, recorder, findings,
                       ["sidebar", "service page", "traffic", "history"])
        recorder.close()

    if findings:
        print("not ok - controls without an accessible name, in %d places:" % len(findings))
        for finding, states in findings.items():
            print("#   %s (in: %s)" % (finding, ", ".join(states)))
        return 1
    print("ok - every control that shows has an accessible name; Tab goes sidebar, service "
          "page, form, Call, and reaches the traffic and history panes")
    return 0


if __name__ == "__main__":
    run(main)

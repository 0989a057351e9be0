#!/usr/bin/python3
# check-ui-labels.py: every control declared in a .ui file under src/ can be named by a
# screen reader: an icon-only button has a tooltip and an accessible label, an entry, text
# view, spin button, drop-down, switch or scale has an accessible label, a labelled-by
# relation, or a label whose mnemonic-widget it is; their texts are translatable.
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-ui-labels.py SRCDIR. Prints one line per problem (FILE: CLASS id=ID: what is
# missing) and exits 1 when there is any.

import pathlib
import sys
import xml.etree.ElementTree as ElementTree

BUTTONS = {"GtkButton", "GtkToggleButton", "GtkMenuButton", "AdwSplitButton"}
# Controls that show no text of their own to name them.
INPUTS = {"GtkEntry", "GtkSearchEntry", "GtkPasswordEntry", "GtkText", "GtkTextView",
          "GtkSourceView", "GtkSpinButton", "GtkDropDown", "GtkSwitch", "GtkScale",
          "GtkComboBoxText", "GtkColorButton", "GtkFontButton"}
# Rows and entries that libadwaita names after their title.
TITLED = {"AdwEntryRow", "AdwPasswordEntryRow", "AdwActionRow", "AdwComboRow",
          "AdwExpanderRow", "AdwSwitchRow", "AdwSpinRow"}


def properties(element):
    """The object's own <property> elements, by name."""
    return {prop.get("name").replace("_", "-"): prop for prop in element.findall("property")}


def accessibility(element):
    block = element.find("accessibility")
    if block is None:
        return {}, {}
    return ({prop.get("name"): prop for prop in block.findall("property")},
            {rel.get("name"): rel for rel in block.findall("relation")})


def has_text_child(element):
    """A button whose child shows text (a label, or an AdwButtonContent with a label)."""
    for child in element.findall("child"):
        for obj in child.findall("object"):
            props = properties(obj)
            if obj.get("class") in ("GtkLabel", "AdwButtonContent") and "label" in props:
                return True
            if has_text_child(obj):
                return True
    child_prop = properties(element).get("child")
    if child_prop is not None:
        for obj in child_prop.findall("object"):
            props = properties(obj)
            if obj.get("class") in ("GtkLabel", "AdwButtonContent") and "label" in props:
                return True
    return False


def check_file(path, problems):
    root = ElementTree.parse(path).getroot()
    mnemonic_targets = set()
    for obj in root.iter("object"):
        target = properties(obj).get("mnemonic-widget")
        if target is not None and target.text:
            mnemonic_targets.add(target.text.strip())

    def problem(obj, what):
        where = obj.get("class")
        if obj.get("id"):
            where += " id=%s" % obj.get("id")
        problems.append("%s: %s: %s" % (path, where, what))

    # translatable="no" says that a text is kept as it is on purpose (a protocol keyword).
    def untranslated(obj, prop, what):
        if prop is not None and prop.text and prop.get("translatable") is None:
            problem(obj, "%s %r is not translatable" % (what, prop.text))

    for obj in list(root.iter("object")) + list(root.iter("template")):
        klass = obj.get("class") if obj.tag == "object" else obj.get("parent")
        props = properties(obj)
        a11y_props, a11y_relations = accessibility(obj)
        named = ("label" in a11y_props or "labelled-by" in a11y_relations
                 or (obj.get("id") or "") in mnemonic_targets)

        for name in ("tooltip-text", "label", "title", "placeholder-text"):
            untranslated(obj, props.get(name), name)
        untranslated(obj, a11y_props.get("label"), "accessible label")
        untranslated(obj, a11y_props.get("description"), "accessible description")

        if klass in BUTTONS:
            icon_only = "icon-name" in props and "label" not in props and not has_text_child(obj)
            if not icon_only:
                continue
            if "tooltip-text" not in props and "tooltip-markup" not in props:
                problem(obj, "an icon-only button without a tooltip")
            if not named:
                problem(obj, "an icon-only button without an accessible label")
        elif klass in INPUTS:
            if not named and "placeholder-text" not in props:
                problem(obj, "an input without an accessible label, labelled-by relation or "
                        "mnemonic label")
        elif klass == "GtkCheckButton":
            if "label" not in props and not named:
                problem(obj, "a check button without a label or an accessible label")
        elif klass in TITLED:
            if "title" not in props and not named:
                problem(obj, "a row without a title or an accessible label")


def main():
    if len(sys.argv) != 2:
        print("usage: check-ui-labels.py SRCDIR", file=sys.stderr)
        return 2
    files = sorted(pathlib.Path(sys.argv[1]).rglob("*.ui"))
    if not files:
        print("no .ui file under %s" % sys.argv[1], file=sys.stderr)
        return 1
    problems = []
    for path in files:
        check_file(path, problems)
    for line in problems:
        print(line)
    print("%d .ui files, %d problems" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# check-po.py
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails unless every file with translatable strings is listed in po/POTFILES.in, every string
# can be extracted whole, and every catalogue in po/LINGUAS translates every string of the
# CURRENT sources (nothing untranslated, nothing fuzzy, formats and mnemonics consistent).
#
#   check-po.py SRCDIR OUTDIR

import os
import re
import subprocess
import sys

# The keywords and flags of meson's glib preset (mesonbuild/modules/i18n.py), so that the
# template made here is the one `meson compile varlink-explorer-pot` makes.
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

PLURAL_FORMS = {
    'de': 'nplurals=2; plural=(n != 1);',
    'zh_CN': 'nplurals=1; plural=0;',
}

MARKERS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(|'
                     r'translatable="yes"')
SCANNED_DIRS = ['src', 'data']
SCANNED_SUFFIXES = ('.c', '.h', '.ui', '.in', '.xml')
# Files whose strings are extracted by their format (ITS rules), without markers.
ALWAYS_TRANSLATED = re.compile(r'data/[^/]*\.(desktop\.in|gschema\.xml|metainfo\.xml\.in)$')

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def read_potfiles(srcdir):
    listed = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)
    return listed


def check_potfiles(srcdir, listed):
    for path in listed:
        if not os.path.isfile(os.path.join(srcdir, path)):
            fail('po/POTFILES.in lists %s, which does not exist' % path)

    for top in SCANNED_DIRS:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(SCANNED_SUFFIXES):
                    continue
                full = os.path.join(root, name)
                rel = os.path.relpath(full, srcdir)
                with open(full, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                if (MARKERS.search(text) or ALWAYS_TRANSLATED.match(rel)) and rel not in listed:
                    fail('%s has translatable strings but is not in po/POTFILES.in' % rel)


def make_pot(srcdir, outdir, listed):
    pot = os.path.join(outdir, 'varlink-explorer.pot')
    result = run(['xgettext', '--package-name=varlink-explorer', '--msgid-bugs-address=',
                  '--directory=' + srcdir, '--output=' + pot] + GLIB_PRESET + listed)
    if result.returncode != 0:
        fail('xgettext failed:\n' + result.stderr)
        return None
    # A msgid xgettext cannot read whole (a format built with a macro such as
    # G_GUINT64_FORMAT) is never found at run time: its translation cannot be used.
    for line in result.stderr.splitlines():
        if 'warning' in line and 'format string' in line:
            fail('a string cannot be extracted whole (use %llu / %zu, not a format '
                 'macro, inside translatable text): ' + line)
    return pot


def entries(po_path, *attrib_args):
    """The msgids msgattrib selects, one line each, for messages naming them."""
    result = run(['msgattrib', '--no-wrap', '--no-obsolete'] + list(attrib_args) + [po_path])
    ids = []
    current = None
    for line in result.stdout.splitlines():
        if line.startswith('msgctxt '):
            current = line[8:] + ' | '
        elif line.startswith('msgid '):
            msgid = line[6:]
            if msgid != '""':
                ids.append((current or '') + msgid)
            current = None
    return ids


def check_language(srcdir, outdir, pot, lang):
    source = os.path.join(srcdir, 'po', lang + '.po')
    if not os.path.isfile(source):
        fail('po/LINGUAS names %s, but po/%s.po does not exist' % (lang, lang))
        return

    with open(source, encoding='utf-8') as f:
        header = f.read(4000)
    if '"Language: %s\\n"' % lang not in header:
        fail('po/%s.po: the header does not say "Language: %s"' % (lang, lang))
    if lang in PLURAL_FORMS and '"Plural-Forms: %s\\n"' % PLURAL_FORMS[lang] not in header:
        fail('po/%s.po: the header does not say "Plural-Forms: %s"' % (lang, PLURAL_FORMS[lang]))
    if 'charset=UTF-8' not in header:
        fail('po/%s.po: the header does not say "charset=UTF-8"' % lang)

    merged = os.path.join(outdir, lang + '.po')
    result = run(['msgmerge', '--quiet', '--output-file=' + merged, source, pot])
    if result.returncode != 0:
        fail('msgmerge po/%s.po failed:\n%s' % (lang, result.stderr))
        return

    result = run(['msgfmt', '--check', '--check-accelerators=_', '--statistics',
                  '--output-file=' + os.path.join(outdir, lang + '.mo'), merged],
                 env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    print('%s: %s' % (lang, result.stderr.strip().splitlines()[-1] if result.stderr else ''))
    if result.returncode != 0:
        fail('msgfmt --check found problems in po/%s.po:\n%s' % (lang, result.stderr))

    for msgid in entries(merged, '--untranslated'):
        fail('po/%s.po does not translate %s' % (lang, msgid))
    for msgid in entries(merged, '--only-fuzzy'):
        fail('po/%s.po has a fuzzy (unchecked) translation of %s' % (lang, msgid))


def main():
    srcdir, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)

    listed = read_potfiles(srcdir)
    check_potfiles(srcdir, listed)

    with open(os.path.join(srcdir, 'po', 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f for w in line.split('#')[0].split()]
    for lang in PLURAL_FORMS:
        if lang not in languages:
            fail('po/LINGUAS does not list %s' % lang)

    pot = make_pot(srcdir, outdir, listed)
    if pot is not None:
        for lang in languages:
            check_language(srcdir, outdir, pot, lang)

    if failures:
        print('%d problem(s) with the translations' % len(failures))
        return 1
    print('translations complete: %s' % ', '.join(languages))
    return 0


if __name__ == '__main__':
    sys.exit(main())

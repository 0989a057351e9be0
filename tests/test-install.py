#!/usr/bin/python3
# test-install.py: installs the build into a temporary DESTDIR and checks that every file is
# where GNOME expects it, that the installed files are valid, and that the installed program
# runs (--version, --validate-idl).
#
#   test-install.py BUILDDIR SRCDIR
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.varlinkexplorer.VarlinkExplorer'
failures = []


def check(condition, message):
    print(('ok: ' if condition else 'FAIL: ') + message)
    if not condition:
        failures.append(message)


def main():
    builddir, srcdir = sys.argv[1], sys.argv[2]
    options = {o['name']: o['value'] for o in json.loads(subprocess.check_output(
        ['meson', 'introspect', '--buildoptions', builddir]))}
    prefix = options['prefix']
    version = json.loads(subprocess.check_output(
        ['meson', 'introspect', '--projectinfo', builddir]))['version']

    def under(option, *parts):
        value = options[option]
        return os.path.join(value if os.path.isabs(value) else os.path.join(prefix, value), *parts)

    bindir, libexecdir, datadir, localedir = (under(o) for o in
                                              ('bindir', 'libexecdir', 'datadir', 'localedir'))

    destdir = tempfile.mkdtemp(prefix='test-install-')
    try:
        subprocess.run(['meson', 'install', '-C', builddir, '--no-rebuild', '--quiet',
                        '--destdir', destdir], check=True, stdout=subprocess.DEVNULL)

        def installed(path):
            return destdir + path

        expected = [
            (os.path.join(bindir, 'varlink-explorer'), True),
            (os.path.join(libexecdir, 'varlink-explorer-demo'), True),
            (os.path.join(datadir, 'applications', APP_ID + '.desktop'), False),
            (os.path.join(datadir, 'metainfo', APP_ID + '.metainfo.xml'), False),
            (os.path.join(datadir, 'glib-2.0', 'schemas', APP_ID + '.gschema.xml'), False),
            (os.path.join(datadir, 'icons', 'hicolor', 'scalable', 'apps', APP_ID + '.svg'), False),
            (os.path.join(datadir, 'icons', 'hicolor', 'symbolic', 'apps',
                          APP_ID + '-symbolic.svg'), False),
            (os.path.join(datadir, 'gtksourceview-5', 'language-specs', 'varlink.lang'), False),
        ]
        with open(os.path.join(srcdir, 'po', 'LINGUAS')) as linguas:
            for line in linguas:
                for lang in line.split('#')[0].split():
                    expected.append((os.path.join(localedir, lang, 'LC_MESSAGES',
                                                  'varlink-explorer.mo'), False))

        for path, executable in expected:
            present = os.path.isfile(installed(path))
            if executable:
                present = present and os.access(installed(path), os.X_OK)
            check(present, f'{path} installed' + (' (executable)' if executable else ''))

        # Nothing else in bin: tests and benchmarks stay in the build tree.
        bin_files = sorted(os.listdir(installed(bindir))) if os.path.isdir(installed(bindir)) else []
        check(bin_files == ['varlink-explorer'], f'bin holds only varlink-explorer: {bin_files}')

        # The desktop file names the installed program and the installed icon.
        desktop = configparser.ConfigParser(interpolation=None)
        desktop.optionxform = str
        desktop.read(installed(os.path.join(datadir, 'applications', APP_ID + '.desktop')))
        entry = desktop['Desktop Entry'] if desktop.has_section('Desktop Entry') else {}
        check(entry.get('Icon') == APP_ID, f'Icon={entry.get("Icon")} is the application ID')
        check(entry.get('Exec', '').split(' ')[0] == 'varlink-explorer',
              f'Exec={entry.get("Exec")} runs the installed program')
        result = subprocess.run(['desktop-file-validate', installed(
            os.path.join(datadir, 'applications', APP_ID + '.desktop'))])
        check(result.returncode == 0, 'desktop-file-validate on the installed desktop file')

        # The installed schemas compile, strictly, as the post-install step would.
        schemas = installed(os.path.join(datadir, 'glib-2.0', 'schemas'))
        compiled = tempfile.mkdtemp(prefix='test-install-schemas-')
        result = subprocess.run(['glib-compile-schemas', '--strict', '--targetdir', compiled,
                                 schemas])
        check(result.returncode == 0 and os.path.isfile(os.path.join(compiled, 'gschemas.compiled')),
              'glib-compile-schemas --strict on the installed schemas')
        shutil.rmtree(compiled)

        # The program looks for its demo service in the libexecdir it is installed with.
        with open(installed(os.path.join(bindir, 'varlink-explorer')), 'rb') as program:
            check(libexecdir.encode() + b'\0' in program.read(),
                  f'the program looks for the demo in {libexecdir}')

        # The installed program runs, without a display, and its demo too.
        env = dict(os.environ)
        env.pop('VARLINK_EXPLORER_DEMO', None)
        program = installed(os.path.join(bindir, 'varlink-explorer'))
        result = subprocess.run([program, '--version'], capture_output=True, text=True, env=env)
        check(result.returncode == 0 and version in result.stdout,
              f'varlink-explorer --version: {result.stdout.strip()!r}')

        good = os.path.join(srcdir, 'tests', 'interfaces', 'org.varlink.certification.varlink')
        result = subprocess.run([program, '--validate-idl', good], capture_output=True, text=True,
                                env=env)
        check(result.returncode == 0, f'--validate-idl accepts {os.path.basename(good)}')
        bad = os.path.join(srcdir, 'tests', 'invalid', 'double-nullable.varlink')
        result = subprocess.run([program, '--validate-idl', bad], capture_output=True, text=True,
                                env=env)
        check(result.returncode != 0 and 'double-nullable.varlink:' in result.stdout + result.stderr,
              f'--validate-idl rejects {os.path.basename(bad)}, saying where')

        demo = installed(os.path.join(libexecdir, 'varlink-explorer-demo'))
        result = subprocess.run([demo, '--help'], capture_output=True, text=True)
        check(result.returncode == 0 and '--address' in result.stdout, 'the installed demo runs')
    finally:
        shutil.rmtree(destdir)

    if failures:
        print(f'{len(failures)} check(s) failed', file=sys.stderr)
        sys.exit(1)


main()

#!/usr/bin/python3
# check-flatpak-manifest.py: what can be checked of the Flatpak manifest without downloading
# the runtime: it is JSON with the fields flatpak-builder reads (and no field it does not),
# for a current GNOME runtime, its command is a program the build installs, its permissions
# are the few the app needs, and it builds this repository with meson options that exist.
#
#   check-flatpak-manifest.py MANIFEST BUILDDIR
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.varlinkexplorer.VarlinkExplorer'
# GNOME 51 (September 2026) was the stable runtime when 0.1.0 was released.
OLDEST_RUNTIME = 51
# What the app needs, and nothing more: a window (Wayland, X11 only where there is no
# Wayland), GL, tcp: addresses, and flatpak-spawn --host to reach the host's sockets.
NEEDED_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--share=network',
    '--talk-name=org.freedesktop.Flatpak',
}
ALLOWED_ARGS = NEEDED_ARGS | {'--device=dri'}
BUILDSYSTEMS = {'meson', 'autotools', 'cmake', 'cmake-ninja', 'simple', 'qmake'}

failures = []


def check(condition, message):
    print(('ok: ' if condition else 'FAIL: ') + message)
    if not condition:
        failures.append(message)


def meson_options(builddir):
    options = json.loads(subprocess.check_output(['meson', 'introspect', '--buildoptions',
                                                  builddir]))
    return {o['name']: o for o in options}


def check_config_opt(opt, options):
    match = re.fullmatch(r'(?:-D|--)([a-z_:.-]+)=(.*)', opt)
    if match is None:
        check(False, f'config-opt {opt!r} is -Dname=value or --name=value')
        return
    name, value = match.group(1), match.group(2)
    option = options.get(name)
    check(option is not None, f'config-opt {opt}: meson knows the option {name}')
    if option is not None and 'choices' in option:
        check(value in option['choices'], f'config-opt {opt}: {value} is one of {option["choices"]}')


def check_source(source, manifest_dir):
    kind = source.get('type')
    if kind in ('dir', 'git') and 'path' in source:
        root = os.path.normpath(os.path.join(manifest_dir, source['path']))
        meson_build = os.path.join(root, 'meson.build')
        project = open(meson_build).read() if os.path.isfile(meson_build) else ''
        check("project('varlink-explorer'" in project,
              f'{kind} source {source["path"]} is this repository ({root})')
    elif kind in ('archive', 'file', 'git'):
        check('url' in source and ('sha256' in source or 'commit' in source or 'tag' in source),
              f'{kind} source {source.get("url")} is pinned (sha256, commit or tag)')
    else:
        check(False, f'source of type {kind!r} is one this check knows')


def main():
    manifest_path, builddir = sys.argv[1], sys.argv[2]
    manifest_dir = os.path.dirname(os.path.abspath(manifest_path))
    with open(manifest_path) as f:
        manifest = json.load(f)
    print(f'{manifest_path}: valid JSON')

    check(manifest.get('id', manifest.get('app-id')) == APP_ID, f'id is {APP_ID}')
    check(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is org.gnome.Platform')
    check(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    check(version.isdigit() and int(version) >= OLDEST_RUNTIME,
          f'runtime-version {version!r} is a GNOME release, {OLDEST_RUNTIME} or newer')

    # The command is a program the build installs into bindir.
    targets = json.loads(subprocess.check_output(['meson', 'introspect', '--targets', builddir]))
    programs = {os.path.basename(f) for t in targets
                if t['type'] == 'executable' and t.get('installed')
                for f in t.get('install_filename', []) if '/bin/' in f}
    check(manifest.get('command') in programs,
          f'command {manifest.get("command")!r} is installed into bin ({sorted(programs)})')

    args = manifest.get('finish-args', [])
    check(len(args) == len(set(args)), 'finish-args are not repeated')
    for arg in args:
        check(arg in ALLOWED_ARGS, f'finish-arg {arg} is one the app needs')
    for arg in sorted(NEEDED_ARGS):
        check(arg in args, f'finish-args include {arg}')

    modules = manifest.get('modules', [])
    check(len(modules) > 0, 'there is at least one module')
    for module in modules:
        if isinstance(module, str):
            check(os.path.isfile(os.path.join(manifest_dir, module)),
                  f'module file {module} exists')
            continue
        check(module.get('buildsystem', 'autotools') in BUILDSYSTEMS,
              f'module {module.get("name")}: buildsystem {module.get("buildsystem")}')
        check(len(module.get('sources', [])) > 0, f'module {module.get("name")} has sources')
        for source in module.get('sources', []):
            check_source(source, manifest_dir)

    # The last module is the app, built from this repository with meson.
    app = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    check(app.get('name') == 'varlink-explorer' and app.get('buildsystem') == 'meson',
          'the last module is varlink-explorer, built with meson')
    options = meson_options(builddir)
    for opt in app.get('config-opts', []):
        check_config_opt(opt, options)

    # flatpak-builder reads the manifest as it will when building: no warning (an unknown
    # or mistyped field is one), and every field kept.
    builder = shutil.which('flatpak-builder')
    if builder is None:
        check(False, 'flatpak-builder is installed (apt install flatpak-builder)')
    else:
        # It makes its state directory, .flatpak-builder, where it runs: not in the tree.
        with tempfile.TemporaryDirectory(prefix='check-flatpak-') as cwd:
            result = subprocess.run([builder, '--show-manifest', os.path.abspath(manifest_path)],
                                    capture_output=True, text=True, cwd=cwd)
        check(result.returncode == 0 and result.stderr.strip() == '',
              'flatpak-builder --show-manifest reads it without a warning'
              + (f': {result.stderr.strip()}' if result.stderr.strip() else ''))
        if result.returncode == 0:
            check(json.loads(result.stdout) == manifest,
                  'flatpak-builder keeps every field as written')

    if failures:
        print(f'{len(failures)} check(s) failed', file=sys.stderr)
        sys.exit(1)


main()

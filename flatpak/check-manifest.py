#!/usr/bin/env python3
# Check the Flatpak manifest: Kontor works offline and builds reproducibly.
#
# usage: check-manifest.py [MANIFEST]
#
# Checks that the manifest is valid JSON, that its id is
# io.github.kontor.Kontor and its command kontor, that finish-args give no
# network and no file system access, and that every module source is either
# local (a dir, or a file/patch/script given by path) or pinned (an archive or
# file with a sha256, a git source with a tag or commit).

import json
import os
import sys

APP_ID = 'io.github.kontor.Kontor'
COMMAND = 'kontor'

errors = []


def error(msg):
    errors.append(msg)


def load_json(path, what):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except OSError as e:
        error(f'{what}: cannot read {path}: {e.strerror}')
    except json.JSONDecodeError as e:
        error(f'{what}: {path} is not valid JSON: {e}')
    return None


def check_finish_args(args):
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        error('finish-args must be a list of strings')
        return
    for arg in args:
        if arg == '--share=network':
            error('finish-args must not contain --share=network: Kontor works offline')
        elif arg.startswith('--filesystem'):
            error(f'finish-args must not contain {arg}: use the portals')


def check_source(source, where, base):
    if isinstance(source, str):
        # A path to a JSON file with one or more sources.
        path = os.path.join(base, source)
        loaded = load_json(path, where)
        if loaded is None:
            return
        for i, s in enumerate(loaded if isinstance(loaded, list) else [loaded]):
            check_source(s, f'{where} ({source}[{i}])', os.path.dirname(path))
        return
    if not isinstance(source, dict):
        error(f'{where}: a source must be an object or a path')
        return

    kind = source.get('type')
    if kind == 'dir':
        if 'path' not in source:
            error(f'{where}: a dir source needs a path')
    elif kind == 'git':
        if not (source.get('tag') or source.get('commit')):
            error(f'{where}: a git source needs a tag or a commit')
    elif kind in ('archive', 'file', 'extra-data'):
        if 'url' in source or 'mirror-urls' in source or kind == 'extra-data':
            if not source.get('sha256'):
                error(f'{where}: a downloaded {kind} source needs a sha256')
        elif 'path' not in source:
            error(f'{where}: a {kind} source needs a url with a sha256, or a path')
    elif kind in ('patch', 'script', 'shell', 'inline'):
        pass  # local content, nothing downloaded
    else:
        error(f'{where}: unsupported source type {kind!r}')


def check_module(module, where, base):
    if isinstance(module, str):
        # A path to a JSON file with the module.
        path = os.path.join(base, module)
        loaded = load_json(path, where)
        if loaded is not None:
            check_module(loaded, f'{where} ({module})', os.path.dirname(path))
        return
    if not isinstance(module, dict):
        error(f'{where}: a module must be an object or a path')
        return

    name = module.get('name')
    if not name:
        error(f'{where}: a module needs a name')
    where = f'module {name or where}'

    sources = module.get('sources', [])
    if not isinstance(sources, list):
        error(f'{where}: sources must be a list')
        sources = []
    for i, source in enumerate(sources):
        check_source(source, f'{where}: source {i}', base)

    for i, child in enumerate(module.get('modules', [])):
        check_module(child, f'{where}: module {i}', base)


def main(argv):
    if len(argv) > 2:
        print(f'usage: {argv[0]} [MANIFEST]', file=sys.stderr)
        return 2
    if len(argv) == 2:
        manifest = argv[1]
    else:
        manifest = os.path.join(os.path.dirname(os.path.abspath(__file__)), APP_ID + '.json')

    data = load_json(manifest, 'manifest')
    if data is not None:
        if not isinstance(data, dict):
            error('the manifest must be a JSON object')
        else:
            ids = {data[k] for k in ('id', 'app-id') if k in data}
            if ids != {APP_ID}:
                error(f'the app id must be {APP_ID}, not {", ".join(map(str, ids)) or "missing"}')
            if data.get('command') != COMMAND:
                error(f'the command must be {COMMAND}, not {data.get("command")!r}')
            for key in ('runtime', 'sdk', 'runtime-version'):
                if not data.get(key):
                    error(f'the manifest needs a {key}')
            check_finish_args(data.get('finish-args', []))
            modules = data.get('modules')
            if not isinstance(modules, list) or not modules:
                error('the manifest needs a list of modules')
            else:
                base = os.path.dirname(os.path.abspath(manifest))
                for i, module in enumerate(modules):
                    check_module(module, f'module {i}', base)

    for msg in errors:
        print(f'{manifest}: {msg}', file=sys.stderr)
    if errors:
        return 1
    print(f'{manifest}: OK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

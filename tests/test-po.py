#!/usr/bin/python3
# test-po.py: the translations are complete and every string can reach them
#
# Usage: test-po.py SOURCE_ROOT
#
# Checks, each one TAP test:
#  1. every po/LINGUAS catalog passes msgfmt --check with no fuzzy and no
#     untranslated message;
#  2. every message xgettext extracts from po/POTFILES.in is in each catalog
#     (a string added to the code after the translation fails here);
#  3. every file under src/ and resources/ with _(), N_(), C_(), ngettext,
#     g_dngettext or translatable="yes" is listed in po/POTFILES.in, and every
#     listed file exists;
#  4. no gettext call glues a format macro such as G_GINT64_FORMAT into its
#     string: xgettext cannot see past it, so the message is never translated.
#     (<inttypes.h>'s PRId64 and PRIu64 are fine: xgettext and glibc know them.)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
PO_DIR = os.path.join(ROOT, 'po')

GETTEXT_CALL = re.compile(r'(?<![\w])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dcgettext|'
                          r'g_dpgettext2)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
# A gettext call whose string literal is followed by a G_*_FORMAT macro
GLUED_MACRO = re.compile(r'(?<![\w])(?:_|N_|C_|ngettext|g_dngettext\s*\(\s*GETTEXT_PACKAGE\s*,)'
                         r'\s*\(?\s*(?:"(?:\\.|[^"\\])*"\s*)+G_G\w*_FORMAT\b')

XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dngettext:2,3', '--keyword=g_dcgettext:2', '--keyword=g_dpgettext2:2c,3',
]

results = []


def report(ok, name, problems=()):
    results.append((ok, name, list(problems)))


def read_potfiles():
    with open(os.path.join(PO_DIR, 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def read_linguas():
    with open(os.path.join(PO_DIR, 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f if not line.lstrip().startswith('#') for w in line.split()]


def parse_po(path):
    """Returns {(context, msgid): (msgstrs, fuzzy)} of a .po or .pot file."""
    entries = {}
    current = None
    field = None
    fuzzy = False

    def finish():
        nonlocal current, fuzzy
        if current is not None and not current.get('obsolete'):
            key = (current.get('msgctxt'), current.get('msgid', ''))
            strs = [v for k, v in sorted(current.items()) if k.startswith('msgstr')]
            entries[key] = (strs, fuzzy)
        current = None
        fuzzy = False

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.strip()
            if not line:
                finish()
                continue
            if line.startswith('#~'):
                if current is None:
                    current = {}
                current['obsolete'] = True
                continue
            if line.startswith('#,'):
                if current is not None and 'msgid' in current:
                    finish()
                fuzzy = fuzzy or 'fuzzy' in line
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if m:
                if m.group(1) in ('msgctxt', 'msgid') and current is not None and \
                        any(k.startswith('msgstr') for k in current):
                    saved_fuzzy = fuzzy
                    finish()
                    fuzzy = saved_fuzzy
                if current is None:
                    current = {}
                field = m.group(1)
                current[field] = unescape(m.group(2))
            elif line.startswith('"') and current is not None and field is not None:
                current[field] += unescape(line[1:-1])
    finish()
    entries.pop((None, ''), None)
    return entries


def unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def check_catalogs(linguas):
    for lang in linguas:
        po = os.path.join(PO_DIR, lang + '.po')
        proc = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                              capture_output=True, text=True)
        problems = [l for l in proc.stderr.splitlines() if l.strip()]
        stats = problems[-1] if problems else ''
        bad = proc.returncode != 0 or 'fuzzy' in stats or 'untranslated' in stats
        entries = parse_po(po)
        if bad:
            for (ctx, msgid), (strs, fuzzy) in sorted(entries.items(),
                                                     key=lambda e: e[0][1]):
                if fuzzy:
                    problems.append('fuzzy: ' + repr(msgid))
                elif not strs or any(s == '' for s in strs):
                    problems.append('untranslated: ' + repr(msgid))
        report(not bad, '%s.po is complete (%s)' % (lang, stats or 'no statistics'),
               problems if bad else ())


def extract_pot(potfiles):
    missing = [p for p in potfiles if not os.path.exists(os.path.join(ROOT, p))]
    if missing:
        return None, ['listed in POTFILES.in but missing: ' + p for p in missing]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'kontor.pot')
        proc = subprocess.run(['xgettext', '--directory=' + ROOT, '--output=' + pot] +
                              XGETTEXT_ARGS + potfiles,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return None, proc.stderr.splitlines()
        return parse_po(pot), []


def check_coverage(linguas, potfiles):
    pot, problems = extract_pot(potfiles)
    if pot is None:
        report(False, 'xgettext extracts the messages', problems)
        return
    for lang in linguas:
        catalog = parse_po(os.path.join(PO_DIR, lang + '.po'))
        absent = sorted(msgid for (ctx, msgid) in pot if (ctx, msgid) not in catalog)
        report(not absent, 'every message of the code is in %s.po (%d messages)' % (lang, len(pot)),
               ['not in %s.po: %r' % (lang, m) for m in absent])


def source_files():
    for top in ('src', 'resources'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(('.c', '.h', '.ui')):
                    path = os.path.join(dirpath, name)
                    yield os.path.relpath(path, ROOT), path


def strip_c_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def check_potfiles(potfiles):
    listed = set(potfiles)
    unlisted = []
    for rel, path in source_files():
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if rel.endswith('.ui'):
            has_strings = UI_TRANSLATABLE.search(text) is not None
        else:
            has_strings = GETTEXT_CALL.search(strip_c_comments(text)) is not None
        if has_strings and rel not in listed:
            unlisted.append('has translatable strings but is not in POTFILES.in: ' + rel)
    report(not unlisted, 'POTFILES.in lists every file with translatable strings', unlisted)


def check_glued_macros():
    problems = []
    for rel, path in source_files():
        if not rel.endswith('.c'):
            continue
        with open(path, encoding='utf-8') as f:
            text = strip_c_comments(f.read())
        for m in GLUED_MACRO.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            problems.append('%s:%d: %s' % (rel, line, ' '.join(m.group(0).split())))
    report(not problems, 'no translatable string is glued to a format macro', problems)


def main():
    linguas = read_linguas()
    potfiles = read_potfiles()

    check_catalogs(linguas)
    check_coverage(linguas, potfiles)
    check_potfiles(potfiles)
    check_glued_macros()

    print('1..%d' % len(results))
    for number, (ok, name, problems) in enumerate(results, 1):
        for problem in problems[:200]:
            print('# ' + problem)
        if len(problems) > 200:
            print('# ... and %d more' % (len(problems) - 200))
        print('%s %d %s' % ('ok' if ok else 'not ok', number, name))

    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())

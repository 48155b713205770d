#!/usr/bin/python3
"""A screen reader's view of Kontor: starts the real application with the
AT-SPI bridge on, finds its controls by role and accessible name with
pyatspi and uses them as an assistive tool would: creates a contact through
the "New Contact" button, the "First name" and "Last name" entries and
"Save", then checks the database through kontor-cli."""
import json
import os
import subprocess
import sys
import tempfile
import time

# The AT-SPI client library warns about objects that vanish while it walks
# them; those warnings must not be fatal in this process (GLib reads
# G_DEBUG when pyatspi loads it)
os.environ.pop("G_DEBUG", None)

try:
    import pyatspi
except ImportError:
    print("1..0 # SKIP python3-pyatspi is not installed")
    sys.exit(0)

if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    print("1..0 # SKIP needs a display and a session bus (xvfb-run, dbus-run-session)")
    sys.exit(0)

build = os.environ["G_TEST_BUILDDIR"]
kontor = os.path.join(os.path.dirname(build), "src", "ui", "kontor")
cli = os.environ["KONTOR_CLI"]
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "kontor.db")
env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp, GTK_A11Y="atspi",
           LC_ALL="C.UTF-8", G_DEBUG="")
env.pop("KONTOR_NOW", None)


def wait_for(what, predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def find(node, role, name):
    """The first accessible of @role named @name below @node."""
    try:
        if node.getRoleName() == role and node.name == name:
            return node
        children = list(node)
    except Exception:
        return None
    for child in children:
        found = find(child, role, name)
        if found is not None:
            return found
    return None


def click(node):
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("click"))


def list_contacts():
    out = subprocess.run([cli, "--database", db, "list", "contacts", "--json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


subprocess.run([cli, "--database", db, "demo", "--records", "60"], env=env, check=True,
               capture_output=True)
before = len(list_contacts())

print("1..3")
def find_app():
    for candidate in pyatspi.Registry.getDesktop(0):
        if candidate is not None and candidate.name == "kontor":
            return candidate
    return None


# Under a busy virtual display the first connection is sometimes refused
# ("cannot open display"); a program that exits at once is started again.
for attempt in range(3):
    app_process = subprocess.Popen([kontor, "--database", db], env=env)
    time.sleep(2)
    if app_process.poll() is None:
        break
try:
    app = wait_for("the application on the accessibility bus", find_app)
    # The Contacts row of the sidebar, chosen through its list's Selection
    contacts = wait_for("the Contacts page in the sidebar",
                        lambda: find(app, "list item", "Contacts"))
    contacts.parent.querySelection().selectChild(contacts.getIndexInParent())
    new_contact = wait_for("the New Contact button",
                           lambda: find(app, "push button", "New Contact"))
    print("ok 1 - the application and its New Contact button are found by name")

    click(new_contact)
    first = wait_for("the First name entry", lambda: find(app, "text", "First name"))
    last = wait_for("the Last name entry", lambda: find(app, "text", "Last name"))
    first.queryEditableText().setTextContents("Agata")
    last.queryEditableText().setTextContents("Screenreader")
    save = wait_for("the Save button", lambda: find(app, "push button", "Save"))
    print("ok 2 - the record page's entries and Save button are found by name")

    click(save)

    def saved():
        contacts = list_contacts()
        return [c for c in contacts if c["last_name"] == "Screenreader"] or None

    created = wait_for("the contact in the database", saved)
    ok = len(list_contacts()) == before + 1 and created[0]["first_name"] == "Agata"
    print(("ok" if ok else "not ok") + " 3 - Save created the contact typed in")
finally:
    app_process.terminate()
    app_process.wait(timeout=10)
